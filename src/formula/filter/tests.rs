use super::*;

struct Data {
    names: Vec<&'static str>,
    cols: Vec<ColumnDataOwned>,
}
enum ColumnDataOwned {
    Num(Vec<f64>),
    Text(crate::formula::Texts),
}
impl Source for Data {
    fn nrows(&self) -> usize {
        4
    }
    fn column(&self, name: &str) -> Option<ColumnData<'_>> {
        let i = self.names.iter().position(|n| *n == name)?;
        Some(match &self.cols[i] {
            ColumnDataOwned::Num(v) => ColumnData::Num(crate::numeric::values::Values::Real(v)),
            ColumnDataOwned::Text(v) => ColumnData::Text(v),
        })
    }
    fn level_label(&self, name: &str, level: &str) -> Option<&str> {
        (name == "dept" && level == "2").then_some("卫生局")
    }
}
fn data() -> Data {
    let nan = f64::NAN;
    let t = |s: &str| Some(s.to_string());
    Data {
        names: vec!["years", "dept", "wave", "满意度"],
        cols: vec![
            ColumnDataOwned::Num(vec![1.0, 9.0, nan, 30.0]),
            ColumnDataOwned::Num(vec![1.0, 2.0, 2.0, nan]),
            ColumnDataOwned::Text(
                [t("pilot"), t("main"), None, t("main")]
                    .into_iter()
                    .collect(),
            ),
            ColumnDataOwned::Num(vec![3.5, 4.0, 5.0, 2.0]),
        ],
    }
}
fn keep(f: &str) -> Vec<bool> {
    Filter::parse(f).unwrap().keep(&data()).unwrap()
}

#[test]
fn comparisons_logic_and_missing_values_follow_spss_select_if() {
    assert_eq!(keep("years >= 5"), [false, true, false, true]);
    assert_eq!(keep("5 <= years"), [false, true, false, true]);
    // Unknown (missing) is never kept, and `not` of unknown stays unknown.
    assert_eq!(keep("not years >= 5"), [true, false, false, false]);
    assert_eq!(
        keep("years >= 5 or wave == 'main'"),
        [false, true, false, true]
    );
    assert_eq!(
        keep("years < 5 and wave != \"pilot\""),
        [false, false, false, false]
    );
    assert_eq!(
        keep("missing(years) || years > 10"),
        [false, false, true, true]
    );
    assert_eq!(keep("!(missing(wave))"), [true, true, false, true]);
    assert_eq!(keep("wave in ['main', 'x']"), [false, true, false, true]);
    assert_eq!(keep("dept in [1, 3]"), [true, false, false, false]);
    assert_eq!(keep("`满意度` > 3"), [true, true, true, false]);
    assert_eq!(keep("满意度 > 3 AND dept = 2"), [false, true, true, false]);
}

#[test]
fn text_meets_a_numeric_column_through_its_value_labels() {
    assert_eq!(keep("dept == \"卫生局\""), [false, true, true, false]);
    assert_eq!(keep("dept != '卫生局'"), [true, false, false, false]);
    assert_eq!(keep("dept == '2'"), [false, true, true, false]);
    let e = Filter::parse("dept > 'x'")
        .unwrap()
        .keep(&data())
        .unwrap_err();
    assert!(e.message.contains("dept mixes numbers and text"), "{e}");
}

#[test]
fn bad_filters_say_where_and_what() {
    let msg = |f: &str| Filter::parse(f).unwrap_err().to_string();
    assert_eq!(
        msg("years >= 5 & dept == 1"),
        "unexpected character '&' (write and, or: && and || also work) (at character 12 of \"years >= 5 & dept == 1\")"
    );
    assert_eq!(
        msg("years ＞ 5"),
        "unexpected character '＞' (a full-width character: switch the input method to half-width) (at character 7 of \"years ＞ 5\")"
    );
    assert_eq!(msg(""), "the filter is empty (at character 1 of \"\")");
    assert_eq!(
        msg("years 5"),
        "expected a comparison (==, !=, <, <=, >, >=) or in [...] after a value (at character 7 of \"years 5\")"
    );
    assert_eq!(
        msg("1 == 2"),
        "a comparison needs a column name on one side (at character 7 of \"1 == 2\")"
    );
    assert_eq!(
        msg("wave == 'main"),
        "' is not closed (at character 9 of \"wave == 'main\")"
    );
    let e = Filter::parse("tenure > 3")
        .unwrap()
        .keep(&data())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "tenure is not a column of the data (at character 1 of \"tenure > 3\")"
    );
    assert_eq!(
        Filter::parse("a > 1 or (b == 'x' and not missing(c))")
            .unwrap()
            .variables(),
        ["a", "b", "c"]
    );
}
