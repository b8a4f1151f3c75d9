use super::*;

const DEMO: &str = "
        # measurement model
        ind60 =~ x1 + x2 + x3
        dem60 =~ y1 + a*y2 + b*y3 + c*y4
        dem65 =~ y5 + a*y6 + b*y7 + c*y8
        # regressions
        dem60 ~ ind60
        dem65 ~ ind60 + dem60
        y1 ~~ y5; y2 ~~ y4 + y6
    ";

#[test]
fn the_political_democracy_model_has_lavaans_parameter_table() {
    let pt = partable(&parse(DEMO).unwrap(), false).unwrap();
    assert_eq!(pt.latent, vec!["ind60", "dem60", "dem65"]);
    assert_eq!(pt.observed.len(), 11);
    // 8 free loadings (3 equal pairs count once: 5 distinct) + 3 regressions + 3
    // residual covariances + 11 + 3 variances = lavaan's 28 free, 25 distinct.
    let free_rows = pt.rows.iter().filter(|r| r.free.is_some()).count();
    assert_eq!(free_rows, 28);
    assert_eq!(pt.n_free, 25);
    // No covariance between dem60 and dem65 (dem60 predicts dem65), none among latent x
    // beyond ind60 alone.
    assert!(
        !pt.rows
            .iter()
            .any(|r| r.op == "~~" && r.lhs != r.rhs && !r.user)
    );
    let first = pt
        .rows
        .iter()
        .find(|r| r.lhs == "dem60" && r.rhs == "y1")
        .unwrap();
    assert_eq!(first.fixed, Some(1.0));
}

#[test]
fn pure_outcomes_covary_and_exogenous_predictors_are_fixed() {
    let pt = partable(
        &parse("m ~ a*x\ny ~ b*m + x + w\nz ~ x\nab := a*b").unwrap(),
        false,
    )
    .unwrap();
    let cov = |a: &str, b: &str| {
        pt.rows
            .iter()
            .find(|r| r.op == "~~" && ((r.lhs == a && r.rhs == b) || (r.lhs == b && r.rhs == a)))
    };
    assert!(cov("y", "z").is_some(), "two pure outcomes covary");
    assert!(cov("m", "y").is_none(), "m predicts y");
    assert!(cov("x", "w").unwrap().exogenous);
    assert!(cov("x", "x").unwrap().exogenous);
    assert_eq!(pt.defined[0].text, "a*b");
}

#[test]
fn errors_name_line_and_column() {
    let e = parse("f =~ x1 + x2\ny ~ f + $x").unwrap_err();
    assert_eq!((e.line, e.column), (2, 9));
    let e = parse("f =~ x1 +\n  x2 x3").unwrap_err();
    assert_eq!((e.line, e.column), (2, 6), "{e}");
    let e = parse("y ~ 1 + x").unwrap_err();
    assert!(e.message.contains("intercepts"));
    let e = partable(&parse("f <~ x1 + x2").unwrap(), false).unwrap_err();
    assert!(e.message.contains("composite"), "{e}");
    let e = parse("f ~*~ x1").unwrap_err();
    assert!(e.message.contains("'~*~'"));
    let e = partable(&parse("y ~ a*x\nd := a*q").unwrap(), false).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("'q' is not a label"));
    let e = parse("ab := a * (b").unwrap_err();
    assert_eq!((e.line, e.column), (1, 13));
    let e = partable(&parse("y ~ x\ny ~ x").unwrap(), false).unwrap_err();
    assert!(e.message.contains("twice"));
}
