use super::*;

fn show(src: &str) -> String {
    Formula::parse(src).unwrap().to_string()
}

#[test]
fn deep_nests_and_huge_expansions_are_refused_not_a_crash() {
    let deep = format!("y ~ {}a{}", "(".repeat(100), ")".repeat(100));
    let e = Formula::parse(&deep).unwrap_err();
    assert_eq!(e.message, "parentheses nested more than 64 deep");
    let ok = format!("y ~ {}a{}", "(".repeat(60), ")".repeat(60));
    assert!(Formula::parse(&ok).is_ok());
    let many: Vec<String> = (0..12).map(|i| format!("x{i}")).collect();
    let e = Formula::parse(&format!("y ~ {}", many.join("*"))).unwrap_err();
    assert!(
        e.message
            .starts_with("the formula expands to more than 1024 terms"),
        "{e}"
    );
    assert!(Formula::parse(&format!("y ~ {}", many[..10].join("*"))).is_ok());
}

#[test]
fn star_expands_to_main_effects_and_interaction_in_r_order() {
    assert_eq!(show("y ~ a*b + c"), "y ~ a + b + c + a:b");
    assert_eq!(show("y ~ (a + b)*c"), "y ~ a + b + c + a:c + b:c");
    assert_eq!(show("y ~ a*b - a:b"), "y ~ a + b");
}

#[test]
fn minus_one_and_zero_plus_remove_the_intercept() {
    assert!(!Formula::parse("y ~ a - 1").unwrap().intercept);
    assert!(!Formula::parse("y ~ 0 + a").unwrap().intercept);
    assert!(Formula::parse("y ~ a").unwrap().intercept);
    assert_eq!(show("y ~ -1 + a"), "y ~ 0 + a");
}

#[test]
fn categorical_power_and_backticked_names_parse() {
    let f = Formula::parse("`满意度` ~ C(dept, ref=\"B\") + I(x^2) + `行政 服务`").unwrap();
    assert_eq!(f.response, "满意度");
    assert_eq!(
        f.terms[0].0[0],
        Factor::Cat {
            name: "dept".into(),
            reference: Some("B".into())
        }
    );
    assert_eq!(
        f.terms[1].0[0],
        Factor::Pow {
            name: "x".into(),
            power: 2
        }
    );
    assert_eq!(f.variables(), vec!["满意度", "dept", "x", "行政 服务"]);
    // Chinese identifiers need no backticks.
    assert_eq!(
        Formula::parse("绩效 ~ 策略").unwrap().variables(),
        vec!["绩效", "策略"]
    );
}

#[test]
fn malformed_formulas_say_where_and_what() {
    let e = Formula::parse("y ~ a +").unwrap_err();
    assert!(e.message.contains("ends where a term"), "{e}");
    let e = Formula::parse("y = a").unwrap_err();
    assert!(e.to_string().contains("expected '~'"), "{e}");
    let e = Formula::parse("y ~ log(a)").unwrap_err();
    assert!(e.message.contains("unknown function log()"), "{e}");
    assert!(Formula::parse("y ~ y + a").is_err());
    assert!(Formula::parse("y ~ I(a^0)").is_err());
}
