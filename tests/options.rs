//! One definition per option: every value a study file accepts for a named-value option is
//! accepted by the matching command-line flag and documented in its --help, and vice versa,
//! and both front ends turn it into the same variant.

use bprstat::cli::{Cli, Command};
use bprstat::estimate::CovType;
use bprstat::estimate::measurement::efa::{Extraction, Missing, Rotation};
use bprstat::estimate::pls::Scheme;
use bprstat::estimate::pls_predict::Technique;
use bprstat::estimate::regression::bootstrap::WildWeights;
use bprstat::estimate::regression::selection::Method;
use bprstat::estimate::{LsqOptions, Precision};
use bprstat::io::{Encoding, Format};
use bprstat::study::Study;
use bprstat::study::pls::PlsMissing;
use bprstat::study::sem::{SemEstimator, SemMissing};
use clap::{CommandFactory, Parser, ValueEnum};
use std::path::Path;

const STUDY: &str = r#"
[study]
name = "opts"
[data]
path = "d.csv"
cluster = "center_id"
ENCODING
[scale]
min = 1
max = 5
[constructs.a]
items = ["A1", "A2"]
[[models]]
name = "m"
formula = "y ~ a"
MODEL
[efa]
EFA
"#;

/// Validate the study above with one line added to a section.
fn study(encoding: &str, model: &str, efa: &str) -> Result<Study, String> {
    let text = STUDY
        .replace("ENCODING", encoding)
        .replace("MODEL", model)
        .replace("EFA", efa);
    Study::from_str(&text, Path::new("opts.toml"), Path::new(".")).map_err(|e| e.to_string())
}

/// Every name and alias of every value of T, with its variant.
fn spellings<T: ValueEnum>() -> Vec<(String, T)> {
    let mut out = Vec::new();
    for v in T::value_variants() {
        let p = v.to_possible_value().unwrap();
        for name in p.get_name_and_aliases() {
            out.push((name.to_string(), v.clone()));
        }
    }
    out
}

fn long_help(sub: &str) -> String {
    let mut cmd = Cli::command();
    cmd.build();
    cmd.find_subcommand_mut(sub)
        .unwrap()
        .render_long_help()
        .to_string()
        .to_lowercase()
}

fn regress(flag: &str, value: &str) -> Result<bprstat::cli::regress::Args, String> {
    let argv = [
        "bprstat",
        "regress",
        "d.csv",
        "--formula",
        "y ~ x",
        "--cluster",
        "g",
        flag,
        value,
    ];
    match Cli::try_parse_from(argv)
        .map_err(|e| e.to_string())?
        .command
    {
        Command::Regress(a) => Ok(a),
        _ => unreachable!(),
    }
}

fn efa(flag: &str, value: &str) -> Result<bprstat::cli::efa::Args, String> {
    let argv = ["bprstat", "efa", "d.csv", "--items", "a,b,c", flag, value];
    match Cli::try_parse_from(argv)
        .map_err(|e| e.to_string())?
        .command
    {
        Command::Efa(a) => Ok(a),
        _ => unreachable!(),
    }
}

/// Check one option type: each spelling (also in upper case) gives the same variant from
/// the study file and from the flag, and appears in the command's --help.
fn check<T: ValueEnum + PartialEq + std::fmt::Debug>(
    what: &str,
    help: &str,
    from_study: impl Fn(&str) -> Result<T, String>,
    from_cli: impl Fn(&str) -> Result<T, String>,
) -> usize {
    let mut checked = 0;
    for (spelling, variant) in spellings::<T>() {
        for s in [spelling.clone(), spelling.to_uppercase()] {
            assert_eq!(
                from_study(&s).unwrap_or_else(|e| panic!("{what} \"{s}\" in a study file: {e}")),
                variant,
                "{what} \"{s}\" from the study file"
            );
            assert_eq!(
                from_cli(&s).unwrap_or_else(|e| panic!("{what} \"{s}\" on the command line: {e}")),
                variant,
                "{what} \"{s}\" from the command line"
            );
            checked += 1;
        }
        assert!(
            help.contains(&spelling.to_lowercase()),
            "{what} \"{spelling}\" is accepted but not documented in --help"
        );
    }
    for bad in ["bogus", ""] {
        assert!(from_study(bad).is_err(), "{what} \"{bad}\" in a study file");
        assert!(
            from_cli(bad).is_err(),
            "{what} \"{bad}\" on the command line"
        );
    }
    checked
}

#[test]
fn study_file_and_command_line_accept_and_document_the_same_values() {
    let rh = long_help("regress");
    let eh = long_help("efa");
    let model = |line: String| study("", &line, "");
    let n = check::<CovType>(
        "se",
        &rh,
        |s| Ok(model(format!("se = \"{s}\""))?.models[0].se),
        |s| Ok(regress("--se", s)?.model.se.unwrap()),
    ) + check::<Precision>(
        "solver",
        &rh,
        |s| Ok(model(format!("solver = \"{s}\""))?.models[0].lsq.precision),
        |s| {
            let a = regress("--solver", s)?;
            let spec = a.options().validate().map_err(|e| e.to_string())?;
            assert_eq!(spec.lsq.rank_tol, LsqOptions::default().rank_tol);
            Ok(spec.lsq.precision)
        },
    ) + check::<WildWeights>(
        "weights",
        &rh,
        |s| {
            let m = model(format!("weights = \"{s}\"\nwild_bootstrap = 99"))?;
            Ok(m.models[0].wild.unwrap().weights)
        },
        |s| Ok(regress("--weights", s)?.model.weights.unwrap()),
    ) + check::<Method>(
        "method",
        &rh,
        |s| {
            let m = model(format!("method = \"{s}\""))?;
            Ok(m.models[0]
                .selection
                .as_ref()
                .map_or(Method::Enter, |x| x.method))
        },
        |s| Ok(regress("--method", s)?.model.method.unwrap()),
    ) + check::<Encoding>(
        "encoding",
        &rh,
        |s| {
            Ok(study(&format!("encoding = \"{s}\""), "", "")?
                .data
                .encoding
                .unwrap())
        },
        |s| Ok(regress("--encoding", s)?.data_args.encoding.unwrap()),
    ) + check::<Format>(
        "format",
        &rh,
        |s| Ok(study(&format!("format = \"{s}\""), "", "")?.data.format),
        |s| Ok(regress("--format", s)?.data_args.format.unwrap()),
    ) + check::<Extraction>(
        "extraction",
        &eh,
        |s| {
            Ok(study("", "", &format!("extraction = \"{s}\""))?
                .efa
                .extraction)
        },
        |s| Ok(efa("--extraction", s)?.options.extraction.unwrap()),
    ) + check::<Rotation>(
        "rotation",
        &eh,
        |s| Ok(study("", "", &format!("rotation = \"{s}\""))?.efa.rotation),
        |s| Ok(efa("--rotation", s)?.options.rotation.unwrap()),
    ) + check::<Missing>(
        "missing rule",
        &eh,
        |s| Ok(study("", "", &format!("missing = \"{s}\""))?.efa.missing),
        |s| Ok(efa("--missing-rule", s)?.options.missing.unwrap()),
    );
    // 13 covariance types + 4 aliases, 3 solvers, 2 weights, 5 methods, 3 + 5 encodings,
    // 6 + 10 formats, 3 + 2 extractions, 4 rotations, 3 rules: 63 spellings, each in two
    // cases.
    assert_eq!(n, 126);
}

/// The study above with a `[[sem]]` and a `[[pls]]` table, one line added to each.
fn study_models(sem: &str, pls: &str) -> Result<Study, String> {
    let text = format!(
        "{}\n[[sem]]\nname = \"s\"\nmodel = \"a =~ A1 + A2 + A3\"\n{sem}\n\
         [[pls]]\nname = \"p\"\nmodel = \"a =~ A1 + A2\\nb =~ A3 + A4\\nb ~ a\"\n{pls}\n",
        STUDY
            .replace("ENCODING", "")
            .replace("MODEL", "")
            .replace("EFA", "")
    );
    Study::from_str(&text, Path::new("opts.toml"), Path::new(".")).map_err(|e| e.to_string())
}

/// `bprstat sem` or `bprstat pls` parsed with one flag added.
fn model_command(sub: &str, flag: &str, value: &str) -> Result<Command, String> {
    let argv = [
        "bprstat",
        sub,
        "d.csv",
        "--syntax",
        "a =~ A1 + A2 + A3",
        flag,
        value,
    ];
    Cli::try_parse_from(argv)
        .map(|c| c.command)
        .map_err(|e| e.to_string())
}

#[test]
fn sem_and_pls_options_accept_and_document_the_same_values_in_both_front_ends() {
    let (sh, ph) = (long_help("sem"), long_help("pls"));
    let sem = |c: Command| match c {
        Command::Sem(a) => a.sem,
        _ => unreachable!(),
    };
    let pls = |c: Command| match c {
        Command::Pls(a) => a.pls,
        _ => unreachable!(),
    };
    let n = check::<SemEstimator>(
        "sem estimator",
        &sh,
        |s| Ok(study_models(&format!("estimator = \"{s}\""), "")?.sem[0].estimator),
        |s| {
            Ok(sem(model_command("sem", "--estimator", s)?)
                .estimator
                .unwrap())
        },
    ) + check::<SemMissing>(
        "sem missing",
        &sh,
        |s| Ok(study_models(&format!("missing = \"{s}\""), "")?.sem[0].missing),
        |s| {
            Ok(sem(model_command("sem", "--missing-data", s)?)
                .missing
                .unwrap())
        },
    ) + check::<Scheme>(
        "pls scheme",
        &ph,
        |s| Ok(study_models("", &format!("scheme = \"{s}\""))?.pls[0].scheme),
        |s| Ok(pls(model_command("pls", "--scheme", s)?).scheme.unwrap()),
    ) + check::<PlsMissing>(
        "pls missing",
        &ph,
        |s| Ok(study_models("", &format!("missing = \"{s}\""))?.pls[0].missing),
        |s| {
            Ok(pls(model_command("pls", "--missing-data", s)?)
                .missing
                .unwrap())
        },
    ) + check::<Technique>(
        "pls predict_technique",
        &ph,
        |s| {
            let st = study_models(
                "",
                &format!("predict_folds = 5\npredict_technique = \"{s}\""),
            )?;
            Ok(st.pls[0].predict.as_ref().unwrap().technique)
        },
        |s| {
            Ok(pls(model_command("pls", "--predict-technique", s)?)
                .predict_technique
                .unwrap())
        },
    );
    // 2 estimators, 2 + 1 missing rules, 3 schemes, 2 + 1 PLS missing rules, 2 + 2
    // techniques: 15 spellings, each in two cases.
    assert_eq!(n, 30);
}

#[test]
fn the_name_each_result_prints_is_the_name_the_option_accepts() {
    for v in CovType::value_variants() {
        assert_eq!(v.name(), v.to_possible_value().unwrap().get_name());
    }
    for v in WildWeights::value_variants() {
        assert_eq!(v.name(), v.to_possible_value().unwrap().get_name());
    }
    for v in Encoding::value_variants() {
        assert_eq!(v.name(), v.to_possible_value().unwrap().get_name());
    }
}

#[test]
fn model_options_are_checked_once_for_both_front_ends() {
    // The same mistake, named in each front end's words.
    let e = study("", "pin = 0.2\npout = 0.1", "").unwrap_err();
    assert!(
        e.contains("models[0] (m).pin") && e.contains("need 0 < pin"),
        "{e}"
    );
    let mut a = regress("--pin", "0.2").unwrap();
    a.model.pout = Some(0.1);
    let e = a.options().validate().unwrap_err();
    assert_eq!(e.flag(), "--pin");
    assert!(e.message.contains("need 0 < pin"), "{}", e.message);
    let e = study("", "wild_bootstrap = 100000", "").unwrap_err();
    assert!(
        e.contains("models[0] (m).wild_bootstrap") && e.contains("at most 99999"),
        "{e}"
    );
    let e = regress("--wild-bootstrap", "100000")
        .unwrap()
        .options()
        .validate()
        .unwrap_err();
    assert_eq!(e.flag(), "--wild-bootstrap");
    assert!(e.message.contains("at most 99999"));
}

/// The keys a study-file table accepts, as serde lists them when it meets an unknown one.
fn serde_keys<T: serde::de::DeserializeOwned>(required: &str) -> Vec<String> {
    let v: toml::Value = toml::from_str(&format!("{required}\nbogus = 1")).unwrap();
    let e = match v.try_into::<T>() {
        Err(e) => e.to_string(),
        Ok(_) => panic!("an unknown key was accepted"),
    };
    let listed = e
        .split("expected one of")
        .nth(1)
        .expect("serde lists the keys");
    listed
        .split('`')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// The long flags of a subcommand, written as study-file keys (`--wild-bootstrap` is
/// `wild_bootstrap`).
fn flags(sub: &str) -> Vec<String> {
    let mut cmd = Cli::command();
    cmd.build();
    cmd.find_subcommand(sub)
        .unwrap()
        .get_arguments()
        .filter_map(|a| a.get_long())
        .map(|l| l.replace('-', "_"))
        .collect()
}

/// Flags every data command has that no study-file table does: reading the data file,
/// output format, help.
const DATA_FLAGS: [&str; 10] = [
    "lang",
    "rename",
    "format",
    "sheet",
    "json",
    "encoding",
    "delimiter",
    "missing",
    "missing_by_column",
    "help",
];

/// Every key is a flag (a `renamed` key under its flag name) unless only a study file
/// has it, and every flag a key unless only the command line has it.
fn same_keys_and_flags(
    sub: &str,
    keys: &[String],
    study_only: &[&str],
    cli_only: &[&str],
    renamed: &[(&str, &str)],
) {
    let flags = flags(sub);
    let rename = |k: &str| {
        renamed
            .iter()
            .find(|(key, _)| *key == k)
            .map_or_else(|| k.to_string(), |(_, flag)| flag.to_string())
    };
    let cli_only: Vec<&str> = cli_only.iter().chain(&DATA_FLAGS).copied().collect();
    for k in keys {
        assert!(
            study_only.contains(&k.as_str()) || flags.contains(&rename(k)),
            "study-file key {k} has no {sub} flag"
        );
    }
    for f in &flags {
        assert!(
            cli_only.contains(&f.as_str()) || keys.iter().any(|k| rename(k) == *f),
            "{sub} flag --{f} is not a study-file key"
        );
    }
}

#[test]
fn every_models_key_is_a_regress_flag_and_every_model_flag_a_models_key() {
    let keys = serde_keys::<bprstat::study::request::ModelOptions>("formula = \"y ~ x\"");
    assert!(keys.len() > 15, "{keys:?}");
    // Only a study file names and titles a model; only the command line reads a data file
    // (--id is the study file's [data] id).
    same_keys_and_flags(
        "regress",
        &keys,
        &["name", "title"],
        &["data", "scale", "id"],
        &[("blocks", "block")],
    );
}

#[test]
fn every_efa_key_is_an_efa_flag_and_every_analysis_flag_an_efa_key() {
    let keys = serde_keys::<bprstat::study::request::EfaInput>("");
    assert_eq!(keys.len(), 7, "{keys:?}");
    // The one rename: [efa] missing is --missing-rule (--missing names missing codes).
    same_keys_and_flags(
        "efa",
        &keys,
        &[],
        &["items", "reverse", "scale"],
        &[("missing", "missing_rule")],
    );
}

/// `[[sem]]` and `[[pls]]` are the same structs as the flags of `bprstat sem` and `bprstat
/// pls`: only a study file names an analysis or builds it from the constructs; the model text
/// is --syntax, its file --model, the missing-data rule --missing-data.
#[test]
fn every_sem_and_pls_key_is_a_flag_and_every_flag_a_key() {
    let renamed = [
        ("model", "syntax"),
        ("model_file", "model"),
        ("missing", "missing_data"),
    ];
    let study_only = ["name", "measurement", "paths"];
    let keys = serde_keys::<bprstat::study::sem::SemOptions>("");
    assert_eq!(keys.len(), 12, "{keys:?}");
    same_keys_and_flags("sem", &keys, &study_only, &[], &renamed);
    let keys = serde_keys::<bprstat::study::pls::PlsOptions>("");
    assert_eq!(keys.len(), 15, "{keys:?}");
    same_keys_and_flags("pls", &keys, &study_only, &[], &renamed);
}
