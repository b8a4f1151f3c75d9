//! The benchmark of the default study against R (lme4 1.1-31, lmerTest 3.1-3, lm), recorded
//! with tests/reference/benchmark.R: variance components, ICC(1), ICC(2), design effect,
//! effective n, empirical-Bayes center means and SDs, the process model with a random
//! intercept, and the process model on center means.

use crate::common;
use crate::common::{Checker, MIXED_REL, ORDER_ABS, R_REL, Scale, read_csv, root};
use bprstat::results::multilevel::{Band, Benchmark, League, Versus};
use bprstat::study::Study;
use bprstat::study::analyze::analyze;

/// The benchmark of a study file, without the bootstraps of its report (not needed here).
fn benchmark_of(file: &std::path::Path) -> Benchmark {
    let mut study = Study::from_file(file).unwrap();
    for m in &mut study.models {
        m.wild = None;
        m.pairs = None;
        m.selection = None;
    }
    analyze(&study, "test", None)
        .unwrap()
        .results
        .benchmark
        .unwrap()
}

fn benchmark() -> Benchmark {
    benchmark_of(&root().join("data/zhejiang-asc.toml"))
}

#[test]
fn league_tables_icc_and_multilevel_models_of_the_default_study_agree_with_lme4() {
    let b = benchmark();
    let reference = read_csv(&root().join("tests/reference/benchmark.csv"));
    let league = |v: &str| -> &League { b.outcomes.iter().find(|l| l.variable == v).unwrap() };
    let mut mixed = Checker::new("benchmark vs lme4", MIXED_REL);
    let mut ols = Checker::new("center-level regression vs lm", R_REL);
    for row in &reference {
        let (model, q, term) = (row[0].as_str(), row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let what = format!("{model} {q} {term}");
        let got = match model {
            "process" | "result" => {
                let l = league(model);
                let c = || l.centers.iter().find(|c| c.center == term).unwrap();
                match q {
                    "tau2" => l.model.variance[0].variance,
                    "sigma2" => l.model.variance[1].variance,
                    "icc1" => l.icc.icc1,
                    "icc2" => l.icc.icc2,
                    "design_effect" => l.icc.design_effect,
                    "effective_n" => l.icc.effective_n,
                    "overall_mean" => l.overall_mean,
                    "unit_sd" => l.unit_sd,
                    "eb_mean" => c().eb_mean,
                    "eb_sd" => c().eb_sd,
                    "raw_mean" => c().raw_mean,
                    _ => panic!("{what}"),
                }
            }
            "process_mixed" => {
                let m = b.models.iter().find(|m| m.name == "process_mixed").unwrap();
                let t = || m.tidy.iter().find(|t| t.term == term).unwrap();
                match q {
                    "estimate" => t().estimate.unwrap(),
                    "std_error" => t().std_error.unwrap(),
                    "df" => t().df.unwrap(),
                    "log_lik" => m.glance.log_lik,
                    _ => panic!("{what}"),
                }
            }
            "process_centers" => {
                let m = b
                    .ecological
                    .iter()
                    .find(|m| m.name == "process_centers")
                    .unwrap();
                let t = || m.fit.tidy.iter().find(|t| t.term == term).unwrap();
                // OLS on 57 rows: held to the regression tolerance (1e-8), not the mixed one.
                let got = match q {
                    "nobs" => m.fit.glance.nobs as f64,
                    "r_squared" => m.fit.glance.r_squared,
                    "estimate" => t().estimate.unwrap(),
                    "std_error" => t().std_error.unwrap(),
                    _ => panic!("{what}"),
                };
                ols.check(q, &what, got, want, Scale::Relative);
                continue;
            }
            _ => panic!("{what}"),
        };
        mixed.check(q, &what, got, want, Scale::Relative);
    }
    assert_eq!(mixed.count() + ols.count(), reference.len());
    assert!(mixed.count() + ols.count() > 390);
    mixed.finish(1);
    ols.finish(1);
}

#[test]
fn rank_intervals_bands_and_flags_are_consistent_and_seeded() {
    let b = benchmark();
    for l in &b.outcomes {
        let g = l.centers.len();
        assert_eq!(g, 57);
        // Competition ranks of the shrunken means: centers with exactly equal means (equal n and
        // equal answers' sum, which Likert data make common) share a rank; no order by name.
        for c in &l.centers {
            let above = l.centers.iter().filter(|x| x.eb_mean > c.eb_mean).count();
            assert_eq!(c.ranks.rank, Some(1 + above), "{}", c.center);
        }
        let tied = l
            .centers
            .iter()
            .filter(|c| l.centers.iter().filter(|x| x.eb_mean == c.eb_mean).count() > 1)
            .count();
        eprintln!(
            "{}: {tied} centers share a shrunken mean with another",
            l.variable
        );
        for c in &l.centers {
            assert!(
                c.ranks.rank_low <= c.ranks.rank_median && c.ranks.rank_median <= c.ranks.rank_high
            );
            assert!(c.conf_low < c.eb_mean && c.eb_mean < c.conf_high);
            // Shrinkage pulls every center toward the overall mean, never past it.
            let (raw, eb, mu) = (
                c.raw_mean - l.overall_mean,
                c.eb_mean - l.overall_mean,
                l.overall_mean,
            );
            assert!(
                eb.abs() <= raw.abs() + ORDER_ABS && eb * raw >= 0.0,
                "{} {raw} {eb} {mu}",
                c.center
            );
            let flagged = c.conf_low > l.overall_mean || c.conf_high < l.overall_mean;
            assert_eq!(flagged, c.versus_mean != Versus::NotDistinguishable);
            // A top-third center is never below the mean, a bottom-third one never above it.
            match c.band {
                Some(Band::Top) => assert_ne!(c.versus_mean, Versus::Below, "{}", c.center),
                Some(Band::Bottom) => assert_ne!(c.versus_mean, Versus::Above, "{}", c.center),
                _ => {}
            }
        }
    }
    // The same seed gives the same table.
    let again = benchmark();
    assert_eq!(again.outcomes[0].centers, b.outcomes[0].centers);
}

/// A study folder with `data` as d.csv: one outcome construct (items Y1, Y2), one factor
/// (F1, F2), a model, and a benchmark of both.
fn edge_study(tag: &str, data: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("edge-{tag}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("d.csv"), data).unwrap();
    std::fs::write(
        dir.join("s.toml"),
        r#"[study]
name = "edge"
[data]
path = "d.csv"
cluster = "center"
[scale]
min = 1
max = 5
[constructs.outcome]
items = ["Y1", "Y2"]
[constructs.factor]
items = ["F1", "F2"]
[[models]]
name = "m"
formula = "outcome ~ factor"
[benchmark]
outcomes = ["outcome"]
factors = ["factor"]
draws = 2000
"#,
    )
    .unwrap();
    dir
}

/// Rows "center,Y1,Y2,F1,F2" of each center from its outcome and factor answers.
fn rows(centers: &[(&str, &[&str], &[&str])]) -> String {
    let mut s = String::from("center,Y1,Y2,F1,F2\n");
    for (c, ys, fs) in centers {
        for (y, f) in ys.iter().zip(fs.iter()) {
            s.push_str(&format!("{c},{y},{y},{f},{f}\n"));
        }
    }
    s
}

/// `bprstat benchmark s.toml --out out` in `dir`, as a user runs it.
fn run_benchmark(dir: &std::path::Path) {
    let status = common::bprstat()
        .args(["benchmark", "s.toml", "--out", "out"])
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(status.status.success(), "{stderr}");
}

fn edge_benchmark(dir: &std::path::Path) -> Benchmark {
    benchmark_of(&dir.join("s.toml"))
}

#[test]
fn centers_that_do_not_differ_get_no_ranks_no_bands_and_the_sentence() {
    // Ten centers, named so that their alphabetical order would be an order, answering
    // identically: the between-center variance of both variables is estimated as 0.
    let same: &[&str] = &["1", "2", "3", "4", "5", "3"];
    let names: Vec<String> = (1..=10).map(|k| format!("中心{k}")).collect();
    let centers: Vec<(&str, &[&str], &[&str])> =
        names.iter().map(|n| (n.as_str(), same, same)).collect();
    let dir = edge_study("zero", &rows(&centers));
    let b = edge_benchmark(&dir);
    for l in b.outcomes.iter().chain(&b.factors) {
        assert!(!l.distinguishable, "{}", l.variable);
        assert_eq!(l.model.variance[0].variance, 0.0);
        for c in &l.centers {
            assert_eq!(c.ranks.rank, None, "{}", c.center);
            assert_eq!(
                (c.ranks.rank_low, c.ranks.rank_high),
                (1, 10),
                "{}",
                c.center
            );
            assert_eq!(c.band, None);
            assert_eq!(c.versus_mean, Versus::NotDistinguishable);
        }
    }
    // What a director reads: the league table's sentence, no rank or strongest factor on a card.
    let out = dir.join("out");
    run_benchmark(&dir);
    // Ten centers of 6 respondents: the funnel plot's axis of center sizes has distinct whole
    // numbers, not ticks that all round to 5 or 6.
    let svg = std::fs::read_to_string(out.join("charts/outcome_funnel.svg")).unwrap();
    let whole: Vec<&str> = svg
        .lines()
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let mut distinct = whole.clone();
    distinct.sort();
    distinct.dedup();
    assert!(
        whole.len() >= 3 && distinct.len() == whole.len(),
        "{whole:?}"
    );
    let league = std::fs::read_to_string(out.join("tables/league_outcome.md")).unwrap();
    assert!(
        league.contains("cannot be told apart on outcome"),
        "{league}"
    );
    assert!(!league.contains("| 1 | 1–1 |"), "{league}");
    let mut cards = 0;
    for e in std::fs::read_dir(out.join("centers")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") && p.file_name().unwrap() != "index.md" {
            let card = std::fs::read_to_string(&p).unwrap();
            assert!(!card.contains("Strongest"), "{}: {card}", p.display());
            assert!(!card.contains("rank 1 of"), "{}: {card}", p.display());
            assert!(
                card.contains("cannot be told apart"),
                "{}: {card}",
                p.display()
            );
            cards += 1;
        }
    }
    assert_eq!(cards, 10);
}

#[test]
fn ties_single_respondents_missing_outcomes_and_two_centers_are_ranked_honestly() {
    let low: &[&str] = &["1", "2", "2", "1", "3", "2", "1", "2"];
    let mid: &[&str] = &["3", "2", "3", "4", "3", "2", "3", "4"];
    let high: &[&str] = &["4", "5", "4", "5", "3", "4", "5", "4"];
    let f: &[&str] = &["2", "3", "4", "3", "2", "4", "3", "3"];
    let dir = edge_study(
        "ties",
        &rows(&[
            ("A", high, f),
            ("B", high, f), // the same answers as A: an exact tie
            ("C", low, f),
            ("D", mid, f),
            ("E", &["5"], &["4"]),                  // one respondent
            ("F", &["", "", ""], &["3", "2", "4"]), // no answer on the outcome
        ]),
    );
    let b = edge_benchmark(&dir);
    let l = &b.outcomes[0];
    assert!(l.distinguishable);
    let c = |name: &str| l.centers.iter().find(|c| c.center == name).unwrap();
    // A center with no outcome answers is not in the outcome's table (its model has no rows).
    assert!(l.centers.iter().all(|c| c.center != "F"));
    assert_eq!(c("A").eb_mean, c("B").eb_mean);
    assert_eq!(c("A").ranks.rank, c("B").ranks.rank, "ties share a rank");
    let above = l
        .centers
        .iter()
        .filter(|x| x.eb_mean > c("A").eb_mean)
        .count();
    assert_eq!(c("A").ranks.rank, Some(1 + above));
    assert_eq!(
        (c("A").ranks.rank_low, c("A").ranks.rank_high),
        (c("B").ranks.rank_low, c("B").ranks.rank_high),
        "tied centers get the same interval"
    );
    assert!(c("A").ranks.rank_low == 1 && c("A").ranks.rank_high >= 2);
    // One respondent: shrunk hard toward the mean, with a wide rank interval.
    assert!(c("E").shrinkage < c("A").shrinkage);
    assert!(c("E").ranks.rank_high - c("E").ranks.rank_low >= 2);
    // A band only where the whole interval lies in one third of the table.
    let g = l.centers.len();
    for c in &l.centers {
        if c.band.is_some() {
            let third = g / 3;
            assert!(
                c.ranks.rank_high <= third
                    || c.ranks.rank_low > g - third
                    || (c.ranks.rank_low > third && c.ranks.rank_high <= g - third)
            );
        }
    }

    // F's card: it has factor answers but none on the outcome, and says so; no card shows
    // another center's numbers (cards look centers up by name, not by position).
    run_benchmark(&dir);
    let cards = dir.join("out/centers");
    let card_of = |name: &str| -> String {
        std::fs::read_dir(&cards)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .find(|t| t.starts_with(&format!("# Center {name} —")))
            .unwrap_or_else(|| panic!("no card for {name}"))
    };
    let f_card = card_of("F");
    assert!(f_card.contains("no answers from this center"), "{f_card}");
    let factor_f = b.factors[0]
        .centers
        .iter()
        .find(|c| c.center == "F")
        .unwrap();
    assert!(
        f_card.contains(&format!("| {:.2} |", factor_f.eb_mean)),
        "F's own factor score on its card: {f_card}"
    );
    // The index: a sortable table, one linked row per center (F included), unranked last.
    let index = std::fs::read_to_string(cards.join("index.html")).unwrap();
    assert!(index.contains("<table class=\"sortable\">"), "{index}");
    assert_eq!(index.matches("<tr><td data-sort=").count(), 6, "{index}");
    assert!(index.contains(">F</a>"), "{index}");
    let e_card = card_of("E");
    let e = c("E");
    assert!(
        e_card.contains(&format!("shrunken mean {:.2}", e.eb_mean)),
        "{e_card}"
    );

    // Two centers: no thirds, so no bands; both ranks within 1..2.
    let dir = edge_study("two", &rows(&[("A", high, f), ("C", low, f)]));
    let b = edge_benchmark(&dir);
    for c in &b.outcomes[0].centers {
        assert_eq!(c.band, None);
        assert!(c.ranks.rank_low >= 1 && c.ranks.rank_high <= 2);
    }
}

/// The High School and Beyond study (tests/fixtures/hsb): students of 160 schools, math
/// achievement as the outcome, adjusted for the students' SES, minority status and sex and
/// for the schools' sector and size from the school file.
fn hsb_study(tag: &str, schools: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hsb-{tag}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let fx = root().join("tests/fixtures/hsb");
    std::fs::write(
        dir.join("s.toml"),
        format!(
            r#"[study]
name = "hsb"
[data]
path = "{}"
cluster = "School"
[scale]
min = -10
max = 30
[constructs.math]
items = ["MathAch"]
[[models]]
name = "m"
formula = "math ~ SES"
[benchmark]
outcomes = ["math"]
factors = []
adjust = ["SES", "C(Minority)", "C(Sex)"]
center_data = "{}"
center_adjust = ["C(Sector)", "Size"]
draws = 1000
"#,
            fx.join("students.csv").display(),
            schools
        ),
    )
    .unwrap();
    dir
}

/// Case mix (tests/reference/benchmark_adjusted.R): the schools compared net of what they do
/// not control, against lme4's REML fit of the same model — fixed effects and SEs, variance
/// components, and each school's conditional mode, conditional SD and adjusted score (the
/// fixed part at the average student plus the school's effect).
#[test]
fn adjusted_league_tables_agree_with_lme4_on_high_school_and_beyond() {
    let schools = root().join("tests/fixtures/hsb/schools.csv");
    let b = benchmark_of(&hsb_study("lme4", &schools.display().to_string()).join("s.toml"));
    assert_eq!((b.outcomes.len(), b.adjusted.len()), (1, 1));
    assert!(b.notes.is_empty(), "{:?}", b.notes);
    let l = &b.adjusted[0];
    assert_eq!(l.model.name, "math_adjusted");
    let reference = read_csv(&root().join("tests/reference/benchmark_adjusted.csv"));
    let mut c = Checker::new("adjusted league vs lme4", MIXED_REL);
    // lme4's names of the dummies, and bprstat's.
    let term = |r: &str| match r {
        "MinorityYes" => "C(Minority)[T.Yes]".to_string(),
        "SexMale" => "C(Sex)[T.Male]".to_string(),
        "SectorPublic" => "C(Sector)[T.Public]".to_string(),
        t => t.to_string(),
    };
    for row in &reference {
        let (kind, key, q) = (row[0].as_str(), row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let what = format!("{kind} {key} {q}");
        let center = || l.centers.iter().find(|c| c.center == key).unwrap();
        let got = match (kind, q) {
            ("fixed", _) => {
                let t = l
                    .model
                    .tidy
                    .iter()
                    .find(|t| t.term == term(key))
                    .unwrap_or_else(|| panic!("{what}: no term {}", term(key)));
                if q == "estimate" {
                    t.estimate.unwrap()
                } else {
                    t.std_error.unwrap()
                }
            }
            ("variance", _) => l.model.variance[usize::from(key == "Residual")].variance,
            ("fit", "reml") => l.model.glance.criterion,
            ("fit", "nobs") => l.model.glance.nobs as f64,
            ("fit", "ngroups") => l.model.glance.ngroups as f64,
            ("fit", "average") => l.overall_mean,
            ("school", "mode") => center().eb_mean - l.overall_mean,
            ("school", "cond_sd") => center().eb_sd,
            ("school", "score") => center().eb_mean,
            _ => panic!("{what}"),
        };
        // A conditional mode near 0 is held absolutely (on the outcome's scale, 0-25).
        let scale = if q == "mode" {
            Scale::RelativeOrAbsolute
        } else {
            Scale::Relative
        };
        c.check(q, &what, got, want, scale);
    }
    c.finish(490);
}

/// A center file that lacks two schools and has one no student attends: the two schools'
/// students are left out of the adjusted table (not of the raw one), and both facts are said.
#[test]
fn centers_missing_from_or_extra_in_the_center_file_are_named() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/hsb/schools.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let dropped: Vec<String> = lines[1..3]
        .iter()
        .map(|l| l.split(',').next().unwrap().trim_matches('"').to_string())
        .collect();
    lines.drain(1..3);
    let extra = "\"9999\",500,\"Public\",0.5,0,\"0\",0";
    lines.push(extra);
    let dir = hsb_study("unmatched", "schools.csv");
    std::fs::write(dir.join("schools.csv"), lines.join("\n") + "\n").unwrap();
    let b = benchmark_of(&dir.join("s.toml"));
    assert_eq!(b.outcomes[0].centers.len(), 160);
    assert_eq!(b.adjusted[0].centers.len(), 158);
    assert!(
        b.adjusted[0]
            .centers
            .iter()
            .all(|c| !dropped.contains(&c.center)),
        "{dropped:?}"
    );
    let notes = b.notes.join(" ");
    assert!(
        notes.contains("1 center(s) of")
            && notes.contains("have no respondents in the data and are in no table: 9999."),
        "{notes}"
    );
    assert!(
        notes.contains("respondent(s) of 2 center(s) not in")
            && dropped.iter().all(|d| notes.contains(d.as_str())),
        "{notes}"
    );
}

/// The default study's composite index "evaluation" against R (tests/reference/composite.R):
/// the centers' means of process and result, the entropy weights of the four components and
/// each center's index with its commendation and complaint points, to 1e-10. And what must
/// hold of any index: weights summing to 1, the components' points plus bonus minus
/// deductions making the index, every interval holding its point, bands only where the rank
/// interval lies in one third.
#[test]
fn the_default_study_composite_index_agrees_with_r() {
    let b = benchmark();
    let ci = &b.composites[0];
    assert_eq!((ci.name.as_str(), ci.centers.len()), ("evaluation", 57));
    let reference = read_csv(&root().join("tests/reference/composite.csv"));
    let mut ck = Checker::new("composite index vs R", common::WEIGHTS_REL);
    for row in reference.iter().filter(|r| r[0] == "evaluation") {
        let (q, term) = (row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let got = if q == "weight" {
            ci.components
                .iter()
                .find(|c| c.variable == term)
                .unwrap()
                .weight
        } else {
            let c = ci.center(term).unwrap();
            match q {
                "index" => c.index,
                "process" => c.values[0],
                _ => c.values[1],
            }
        };
        ck.check(q, term, got, want, Scale::Relative);
    }
    ck.finish(4 + 3 * 57);
    let total: f64 = ci.components.iter().map(|c| c.weight).sum();
    assert!((total - 1.0).abs() < ORDER_ABS, "{total}");
    for c in &ci.centers {
        let sum = c.contributions.iter().sum::<f64>() + c.bonus - c.deductions;
        assert!(
            (sum - c.index).abs() < 1e-9,
            "{}: {sum} vs {}",
            c.center,
            c.index
        );
        assert!(
            c.conf_low <= c.index && c.index <= c.conf_high,
            "{}",
            c.center
        );
        assert!(c.ranks.rank_low <= c.ranks.rank_high);
        assert_eq!(c.band, c.ranks.band(57), "{}", c.center);
        let s = c.stays_in_third.unwrap();
        assert!((0.0..=1.0).contains(&s));
        assert!(
            c.weight_rank_low <= c.ranks.rank.unwrap()
                && c.ranks.rank.unwrap() <= c.weight_rank_high
        );
    }
    // The resampling moves the survey components' weights, not the records' values.
    for comp in &ci.components {
        assert!(comp.weight_low <= comp.weight && comp.weight <= comp.weight_high);
    }
}
