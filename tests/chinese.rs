//! The Chinese report (issue 11 item 2): the default study rendered with `language = "zh"`
//! (data/zhejiang-asc-zh.toml, committed under notebooks-out/zhejiang-asc-zh/) has no English
//! word outside a short list of statistical symbols, method and author names, and the
//! study's own variable names, in any table, note, heading, sentence, chart or report card.
//! The committed folder reproduces byte for byte (tests/reproduce.rs).

use crate::common::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Symbols and names a Chinese statistics text writes in Latin letters.
const ALLOWED: &[&str] = &[
    // statistics
    "SE",
    "CI",
    "df",
    "df1",
    "df2",
    "ICC",
    "KMO",
    "MSA",
    "AVE",
    "CR",
    "MSV",
    "HTMT",
    "VIF",
    "CFI",
    "TLI",
    "RMSEA",
    "SRMR",
    // Q²predict (Shmueli et al. 2016) and the procedure's name, as SmartPLS writes them
    "predict",
    "PLSpredict",
    "AIC",
    "BIC",
    "REML",
    "OLS",
    "EB",
    "LR",
    "SD",
    "DFFITS",
    "Beta",
    "Alpha",
    "Omega",
    "Lambda",
    "ANOVA",
    "sqrt",
    "max",
    "NA",
    "CFA",
    "Wald",
    "delta",
    "H0",
    "F_ML",
    "ML",
    "smc",
    "CR1",
    "CR2",
    "CR3",
    "HC1",
    "HC3",
    "WCR",
    "promax",
    "Hu",
    "Bentler",
    "Yuan",
    "Brosseau",
    "Liard",
    "Savalei",
    "Zhang",
    "Spearman",
    "varimax",
    "oblimin",
    "rademacher",
    "webb",
    "mammen",
    "Q",
    "k",
    // software and its functions
    // composite indices: methods, agencies and formula symbols
    "CRITIC",
    "OECD",
    "Diakoulaki",
    "Mavrotas",
    "Papayannakis",
    "ln",
    "n",
    "w_j",
    "e_j",
    "p_ij",
    "z_j",
    "r_jk",
    "_j",
    "Mplus",
    "SmartPLS",
    "seminr",
    "PLSc",
    "BCa",
    "scaled",
    "robust",
    "SPSS",
    "STATISTICS",
    "CHANGE",
    "RELIABILITY",
    "Stata",
    "vce",
    "cluster",
    "suest",
    "R",
    "vcovCL",
    "type",
    "lme4",
    "lmerTest",
    "lavaan",
    "psych",
    "omega",
    "nfactors",
    "fm",
    "pa",
    "lmtest",
    "bptest",
    "shapiro",
    "test",
    "cortest",
    "bartlett",
    "AS",
    "R94",
    "bprstat",
    "CSV",
    "csv",
    "utf",
    "SHA",
    "run",
    "toml",
    "data",
    // study-file keys and values, written as the user writes them
    "exclude",
    "filter",
    "efa",
    "missing",
    "pairwise",
    "sem",
    "measurement",
    "constructs",
    "std_lv",
    "true",
    "fiml",
    "min_items",
    "center_data",
    "resamples",
    // authors
    "Feldt",
    "Fornell",
    "Larcker",
    "Hair",
    "Henseler",
    "Ringle",
    "Sarstedt",
    "Franke",
    "Shmueli",
    "Cameron",
    "Gelbach",
    "Miller",
    "Koenker",
    "Satterthwaite",
    "Kaiser",
    "Bartlett",
    "Shapiro",
    "Wilk",
    "Breusch",
    "Pagan",
    "Jarque",
    "Bera",
    "Durbin",
    "Watson",
    "Guttman",
    "McDonald",
    "Cronbach",
    "Pearson",
    "White",
    "Cook",
    "al",
    "et",
];

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The study's own names: data columns, constructs, models.
fn names(dir: &Path) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    // The columns of the data and of the centers' own file.
    for file in ["data/zhejiang-asc.csv", "data/zhejiang-centers.csv"] {
        let header = std::fs::read_to_string(root().join(file)).unwrap();
        set.extend(header.lines().next().unwrap().split(',').map(String::from));
    }
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("results.json")).unwrap()).unwrap();
    for c in results["constructs"].as_array().unwrap() {
        set.insert(c["variable"].as_str().unwrap().to_string());
    }
    for m in results["models"].as_array().unwrap() {
        set.insert(m["name"].as_str().unwrap().to_string());
    }
    for key in ["process", "importance", "sem", "pls"] {
        for a in results[key].as_array().into_iter().flatten() {
            set.insert(a["name"].as_str().unwrap().to_string());
        }
    }
    // Defined parameters of the structural equation models are named by the study.
    for m in results["sem"].as_array().into_iter().flatten() {
        for e in m["estimates"].as_array().unwrap() {
            if e["op"] == ":=" {
                set.insert(e["lhs"].as_str().unwrap().to_string());
            }
        }
    }
    set.extend(["zhejiang", "asc", "zh", "process_centers", "result_centers"].map(String::from));
    set
}

/// English words in a text, leaving out file paths, link targets and allowed words.
fn english(text: &str, names: &BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || "|()[]`*,;:：，；（）".contains(c))
    {
        // File names and paths, and SHA-256 sums.
        let file = [
            ".png", ".csv", ".json", ".html", ".md", ".svg", ".toml", ".xlsx", ".docx",
        ]
        .iter()
        .any(|e| token.contains(e));
        let hash = token.len() >= 16 && token.chars().all(|c| c.is_ascii_hexdigit());
        if token.contains('/') || file || hash {
            continue;
        }
        let mut word = String::new();
        for c in token.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            let w = std::mem::take(&mut word);
            let letters = w.chars().filter(|c| c.is_ascii_alphabetic()).count();
            let code = w.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && w.chars()
                    .skip_while(|c| c.is_ascii_uppercase())
                    .all(|c| c.is_ascii_digit());
            if letters >= 2
                && !code
                && !ALLOWED.contains(&w.as_str())
                && !names.contains(&w)
                && !w.chars().next().unwrap().is_ascii_digit()
            {
                out.push(w);
            }
        }
    }
    out
}

#[test]
fn the_chinese_report_has_no_english_words_outside_symbols_and_names() {
    let dir = root().join("notebooks-out/zhejiang-asc-zh");
    let names = names(&dir);
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut md = Vec::new();
    files(&dir, "md", &mut md);
    for f in md {
        texts.push((
            f.display().to_string(),
            std::fs::read_to_string(&f).unwrap(),
        ));
    }
    let mut svg = Vec::new();
    files(&dir, "svg", &mut svg);
    assert!(svg.len() > 50, "the charts are there");
    for f in svg {
        let s = std::fs::read_to_string(&f).unwrap();
        let mut rest = s.as_str();
        while let Some(i) = rest.find("<text") {
            let body = &rest[i..];
            let open = body.find('>').unwrap() + 1;
            let close = body.find("</text>").unwrap();
            texts.push((f.display().to_string(), body[open..close].to_string()));
            rest = &body[close..];
        }
    }
    assert!(texts.len() > 500, "{} texts", texts.len());
    let mut offenders = Vec::new();
    for (file, text) in &texts {
        for line in text.lines() {
            let words = english(line, &names);
            if !words.is_empty() {
                offenders.push(format!("{file}: {words:?} in {line}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "{} lines with English words, e.g.:\n{}",
        offenders.len(),
        offenders[..offenders.len().min(15)].join("\n")
    );
    // The scan finds English where there is some.
    assert!(!english("Coefficients of the model", &names).is_empty());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    for term in [
        "系数",
        "标准错误",
        "显著性",
        "容差",
        "模型摘要",
        "调整后 R 方",
        "德宾-沃森",
        "可靠性统计",
        "克隆巴赫 Alpha",
        "项总计统计",
    ] {
        assert!(
            std::fs::read_dir(dir.join("tables"))
                .unwrap()
                .any(|e| std::fs::read_to_string(e.unwrap().path())
                    .unwrap()
                    .contains(term)),
            "{term}"
        );
    }
}
