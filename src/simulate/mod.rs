//! Synthetic questionnaire studies with the design of the 2008 Zhejiang study: respondents
//! nested in centers, seven factor constructs and two outcome constructs measured by Likert
//! items, some reverse-keyed, with item missingness and center-level clustering.
//! Deterministic for a seed, on every platform that rounds IEEE doubles the same way.

use crate::numeric::Rng;

/// An outcome: the factors' effects, the center's own effect and noise of SD 0.7.
fn outcome(effects: &[f64], factors: &[f64], center: f64, noise: f64) -> f64 {
    effects.iter().zip(factors).map(|(b, x)| b * x).sum::<f64>() + center + 0.7 * noise
}

/// One construct of the simulated questionnaire.
pub struct SimConstruct {
    pub key: &'static str,
    pub label: &'static str,
    pub label_zh: &'static str,
    pub prefix: &'static str,
    pub n_items: usize,
    pub reverse: &'static [usize],
}

/// The nine constructs: seven success factors, then the two outcomes.
pub const CONSTRUCTS: [SimConstruct; 9] = [
    SimConstruct {
        key: "strategy",
        label: "Strategic planning",
        label_zh: "策略规划",
        prefix: "SP",
        n_items: 4,
        reverse: &[4],
    },
    SimConstruct {
        key: "entrepreneurship",
        label: "Entrepreneurship (leadership quality)",
        label_zh: "企业家精神",
        prefix: "EN",
        n_items: 4,
        reverse: &[3],
    },
    SimConstruct {
        key: "window",
        label: "Window status",
        label_zh: "窗口地位",
        prefix: "WS",
        n_items: 3,
        reverse: &[],
    },
    SimConstruct {
        key: "informatization",
        label: "Informatization",
        label_zh: "信息化",
        prefix: "IT",
        n_items: 4,
        reverse: &[],
    },
    SimConstruct {
        key: "cooperation",
        label: "Department cooperation",
        label_zh: "部门协作",
        prefix: "DC",
        n_items: 4,
        reverse: &[4],
    },
    SimConstruct {
        key: "management",
        label: "Center management",
        label_zh: "中心管理",
        prefix: "CM",
        n_items: 5,
        reverse: &[5],
    },
    SimConstruct {
        key: "linkage",
        label: "Interconnection",
        label_zh: "互联互通",
        prefix: "LK",
        n_items: 3,
        reverse: &[],
    },
    SimConstruct {
        key: "process",
        label: "Process performance",
        label_zh: "流程绩效",
        prefix: "PP",
        n_items: 4,
        reverse: &[3],
    },
    SimConstruct {
        key: "result",
        label: "Result performance",
        label_zh: "结果绩效",
        prefix: "RP",
        n_items: 4,
        reverse: &[],
    },
];

/// True effects of the seven factors (latent scale) on process and result performance, in the
/// pattern Li Jinghua (2008) reports: every factor acts on process performance jointly, while
/// result performance rests mainly on entrepreneurship, window status, department cooperation
/// and center management (direct effects below), and on process performance itself.
pub const PROCESS_EFFECTS: [f64; 7] = [0.15, 0.12, 0.12, 0.18, 0.15, 0.15, 0.12];
pub const RESULT_EFFECTS: [f64; 7] = [0.00, 0.18, 0.12, 0.00, 0.14, 0.20, 0.00];
/// The path from process to result performance (latent scale): what mediation has to find.
pub const PROCESS_ON_RESULT: f64 = 0.30;
/// Result performance lags behind process performance (the centers stand between the second
/// and third stage of reform): its latent mean sits this far below process performance's.
pub const RESULT_SHIFT: f64 = -0.5;

/// Departments of the window managers (text column, to exercise Chinese data).
pub const DEPARTMENTS: [&str; 8] = [
    "工商局",
    "税务局",
    "公安局",
    "国土局",
    "建设局",
    "卫生局",
    "民政局",
    "质监局",
];

/// Simulation settings.
#[derive(Clone, Copy, Debug)]
pub struct SimSpec {
    pub seed: u64,
    pub respondents: usize,
    pub centers: usize,
}

/// Center sizes summing to `n`, each at least 3, varying around n / g (largest remainders).
fn center_sizes(rng: &mut Rng, n: usize, g: usize) -> Vec<usize> {
    let w: Vec<f64> = (0..g).map(|_| (0.45 * rng.normal()).exp()).collect();
    let total: f64 = w.iter().sum();
    let free = n - 3 * g;
    let raw: Vec<f64> = w.iter().map(|x| x / total * free as f64).collect();
    let mut sizes: Vec<usize> = raw.iter().map(|x| x.floor() as usize).collect();
    let mut rest = free - sizes.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..g).collect();
    order.sort_by(|&a, &b| {
        (raw[b] - raw[b].floor())
            .total_cmp(&(raw[a] - raw[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in &order {
        if rest == 0 {
            break;
        }
        sizes[i] += 1;
        rest -= 1;
    }
    sizes.iter().map(|s| s + 3).collect()
}

/// Likert answer 1..5 from a latent value (cut points -1.5, -0.5, 0.5, 1.5 after a shift
/// of +0.4: respondents lean to agreement, as in the study).
fn likert(z: f64) -> u8 {
    let v = z + 0.4;
    1 + [-1.5, -0.5, 0.5, 1.5].iter().filter(|&&c| v > c).count() as u8
}

/// Column names of the simulated file, in order.
pub fn header() -> Vec<String> {
    let mut h = vec![
        "respondent_id".to_string(),
        "center_id".into(),
        "department".into(),
        "years_in_post".into(),
    ];
    for c in &CONSTRUCTS {
        for k in 1..=c.n_items {
            h.push(format!("{}{k}", c.prefix));
        }
    }
    h
}

/// The centers' own data of a simulated study (UTF-8 CSV, one row per center): its id, its
/// level (市级 city or 县级 county center), its staff and its service windows, and its
/// administrative records of the year — average processing days, on-time completion rate
/// (%), substantiated complaints and commendation points. County centers
/// are more likely where the center's own effect on process performance is low (as a
/// center's resources would be), so adjusting for level changes the comparison. Drawn from
/// the centers of [`write_csv`] with the same seed, by a second generator, so the
/// respondents' file is the same with or without it.
pub fn write_centers_csv(spec: SimSpec, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut rng = Rng::new(spec.seed);
    let sizes = center_sizes(&mut rng, spec.respondents, spec.centers);
    let effects: Vec<f64> = (0..spec.centers)
        .map(|_| {
            // The draws of write_csv's centers, in its order: process effect kept.
            rng.normal();
            for _ in 0..7 {
                rng.normal();
            }
            let vp = 0.25 * rng.normal();
            rng.normal();
            vp
        })
        .collect();
    let mut own = Rng::new(spec.seed ^ 0x00C3_57E5);
    // The administrative records, by a third generator so that the columns above stay the
    // same: better centers (higher process effect) finish faster, more often on time, draw
    // fewer substantiated complaints.
    let mut records = Rng::new(spec.seed ^ 0x00A4_D1C5);
    writeln!(
        out,
        "center_id,level,staff,windows,processing_days,on_time_rate,complaints,commendations"
    )?;
    for (g, (&vp, &size)) in effects.iter().zip(&sizes).enumerate() {
        let county = own.uniform() < 1.0 / (1.0 + (8.0 * vp).exp());
        let staff =
            (size as f64 * (1.5 + own.uniform())).round() as u32 + if county { 5 } else { 20 };
        let windows = (staff as f64 / 3.0).round().max(3.0) as u32;
        let days = (6.0 - 8.0 * vp + 1.2 * records.normal()).max(1.5);
        let on_time = 100.0 / (1.0 + (-(2.5 + 6.0 * vp + 0.5 * records.normal())).exp());
        let complaints = poisson(&mut records, 1.5 * (-3.0 * vp).exp());
        let u = records.uniform();
        let commendations = if u < 0.7 {
            0
        } else if u < 0.9 {
            2
        } else {
            4
        };
        writeln!(
            out,
            "{},{},{staff},{windows},{days:.1},{on_time:.1},{complaints},{commendations}",
            g + 1,
            if county { "县级" } else { "市级" }
        )?;
    }
    Ok(())
}

/// Write the simulated CSV (UTF-8, header line, `\n` line ends) to `out`.
pub fn write_csv(spec: SimSpec, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if spec.centers == 0 || spec.respondents < 3 * spec.centers {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "need at least 3 respondents per center ({} respondents, {} centers)",
                spec.respondents, spec.centers
            ),
        ));
    }
    let mut rng = Rng::new(spec.seed);
    let sizes = center_sizes(&mut rng, spec.respondents, spec.centers);
    // Center-level effects: a common climate, factor-specific deviations, outcome effects.
    let centers = center_effects(&mut rng, spec.centers);
    writeln!(out, "{}", header().join(","))?;
    let mut line = String::with_capacity(256);
    let mut id = 0usize;
    for (g, &size) in sizes.iter().enumerate() {
        for _ in 0..size {
            id += 1;
            respondent(&mut rng, &mut line, &format!("{id},{}", g + 1), centers[g]);
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

/// Each center's effects: on the seven factors (a common climate plus factor-specific
/// deviations), on process and on result performance.
fn center_effects(rng: &mut Rng, g: usize) -> Vec<([f64; 7], f64, f64)> {
    (0..g)
        .map(|_| {
            let climate = rng.normal();
            let mut a = [0.0; 7];
            for v in a.iter_mut() {
                *v = 0.5 * climate + 0.3 * rng.normal();
            }
            (a, 0.25 * rng.normal(), 0.25 * rng.normal())
        })
        .collect()
}

/// One respondent's line (ending in a newline) into `line`: `ids` (its id and center, and
/// any other leading columns), then department, years in post and the items, drawn from
/// `rng` given the center's effects (factor effects, process and result effects).
fn respondent(rng: &mut Rng, line: &mut String, ids: &str, center: ([f64; 7], f64, f64)) {
    let (a, vp, vr) = center;
    let common = rng.normal();
    let mut f = [0.0; 9];
    for k in 0..7 {
        f[k] = 0.65 * a[k] + 0.45 * common + 0.75 * rng.normal();
    }
    f[7] = outcome(&PROCESS_EFFECTS, &f[..7], vp, rng.normal());
    f[8] = outcome(&RESULT_EFFECTS, &f[..7], vr, rng.normal())
        + PROCESS_ON_RESULT * f[7]
        + RESULT_SHIFT;
    let dept = DEPARTMENTS[(rng.uniform() * DEPARTMENTS.len() as f64) as usize % DEPARTMENTS.len()];
    let years = 1 + (rng.uniform() * 20.0) as u32;
    line.clear();
    line.push_str(&format!("{ids},{dept},"));
    if rng.uniform() < 0.01 {
        line.push_str("99");
    } else {
        line.push_str(&years.to_string());
    }
    for (c, fc) in CONSTRUCTS.iter().zip(f) {
        for k in 1..=c.n_items {
            let z = 0.8 * fc + 0.55 * rng.normal();
            let mut v = likert(z);
            if c.reverse.contains(&k) {
                v = 6 - v;
            }
            let u = rng.uniform();
            line.push(',');
            if u < 0.012 {
                // empty cell: no answer
            } else if u < 0.018 {
                line.push('9');
            } else if u < 0.020 {
                line.push_str("99");
            } else if u < 0.021 {
                line.push(if u < 0.0205 { '0' } else { '6' });
            } else {
                line.push((b'0' + v) as char);
            }
        }
    }
    line.push('\n');
}

/// The first year of a simulated series of waves.
pub const FIRST_WAVE: u32 = 2021;

/// A study repeated in `waves` yearly waves (a `year` column after `center_id`: 2021, 2022,
/// …): the same centers with the effects of [`write_csv`]'s centers, new respondents each
/// wave (`respondents` per wave, sizes drawn afresh), every center's process performance
/// moving by a common 0.1 per wave plus its own change 0.3 ε_jw each wave (result
/// performance by half that change). With one wave it is [`write_csv`]'s file plus the year.
pub fn write_waves_csv(
    spec: SimSpec,
    waves: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if spec.centers == 0 || spec.respondents < 3 * spec.centers || waves == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "need at least 3 respondents per center and a wave ({} respondents, {} centers, {waves} waves)",
                spec.respondents, spec.centers
            ),
        ));
    }
    let mut rng = Rng::new(spec.seed);
    let first_sizes = center_sizes(&mut rng, spec.respondents, spec.centers);
    let centers = center_effects(&mut rng, spec.centers);
    let mut h = header();
    h.insert(2, "year".into());
    writeln!(out, "{}", h.join(","))?;
    let mut line = String::with_capacity(256);
    let mut id = 0usize;
    let mut waves_rng = Rng::new(spec.seed ^ 0x0057_A7E5);
    for w in 0..waves {
        let sizes = if w == 0 {
            first_sizes.clone()
        } else {
            center_sizes(&mut waves_rng, spec.respondents, spec.centers)
        };
        let year = FIRST_WAVE + w as u32;
        for (g, &size) in sizes.iter().enumerate() {
            let (a, vp, vr) = centers[g];
            let change = if w == 0 {
                0.0
            } else {
                0.3 * waves_rng.normal()
            };
            let trend = 0.1 * w as f64;
            let effects = (a, vp + trend + change, vr + trend + 0.5 * change);
            for _ in 0..size {
                id += 1;
                let r = if w == 0 { &mut rng } else { &mut waves_rng };
                respondent(r, &mut line, &format!("{id},{},{year}", g + 1), effects);
                out.write_all(line.as_bytes())?;
            }
        }
    }
    Ok(())
}

/// A Poisson draw of mean `mean` (Knuth's product of uniforms; small means only).
fn poisson(rng: &mut Rng, mean: f64) -> u32 {
    let limit = (-mean).exp();
    let mut k = 0;
    let mut p = rng.uniform();
    while p > limit {
        k += 1;
        p *= rng.uniform();
    }
    k
}

/// The study file matching a simulated CSV at `data_path` (relative to the study file).
pub fn study_toml(name: &str, data_path: &str) -> String {
    let mut s = format!(
        "# Synthetic study with the design of Li Jinghua (2008), written by `bprstat simulate`.\n\
         [study]\nname = \"{name}\"\ntitle = \"Success factors of process reengineering in administration service centers\"\n\n\
         [data]\npath = \"{data_path}\"\nmissing = [9, 99]\ncluster = \"center_id\"\nid = \"respondent_id\"\n\n[data.missing_by_column]\nyears_in_post = [99]\n\n[scale]\nmin = 1\nmax = 5\n"
    );
    for c in &CONSTRUCTS {
        let items: Vec<String> = (1..=c.n_items)
            .map(|k| format!("\"{}{k}\"", c.prefix))
            .collect();
        let rev: Vec<String> = c
            .reverse
            .iter()
            .map(|k| format!("\"{}{k}\"", c.prefix))
            .collect();
        s.push_str(&format!(
            "\n[constructs.{}]\nlabel = \"{}\"\nlabel_zh = \"{}\"\nitems = [{}]\n",
            c.key,
            c.label,
            c.label_zh,
            items.join(", ")
        ));
        if !rev.is_empty() {
            s.push_str(&format!("reverse = [{}]\n", rev.join(", ")));
        }
        s.push_str(&format!("min_items = {}\n", c.n_items - 1));
    }
    let factors: Vec<&str> = CONSTRUCTS[..7].iter().map(|c| c.key).collect();
    for (name, title) in [
        ("process", "Process performance"),
        ("result", "Result performance"),
    ] {
        s.push_str(&format!("\n[[models]]\nname = \"{name}\"\ntitle = \"{title}\"\nformula = \"{name} ~ {}\"\nse = \"cluster\"\ndiagnostics = true\nwild_bootstrap = 9999\npairs_bootstrap = 999\n", factors.join(" + ")));
    }
    s.push_str(&format!(
        "\n# SPSS-style model building: controls first, then the factors (R2 change per block);\n# and a stepwise selection with a cluster bootstrap of how stable the choice is.\n[[models]]\nname = \"process_blocks\"\ntitle = \"Process performance, controls then factors\"\nformula = \"process ~ years_in_post + C(department) + {f}\"\nblocks = [[\"years_in_post\", \"C(department)\"], [{q}]]\nse = \"cluster\"\n\n[[models]]\nname = \"result_stepwise\"\ntitle = \"Result performance, stepwise\"\nformula = \"result ~ {f}\"\nmethod = \"stepwise\"\npin = 0.05\npout = 0.10\nselection_bootstrap = 200\nse = \"cluster\"\n",
        f = factors.join(" + "),
        q = factors.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ")
    ));
    s.push_str("\n# The two outcomes side by side, and whether each factor matters equally for both.\n[[tables]]\nname = \"factors\"\ntitle = \"Success factors of process and result performance (standardized coefficients)\"\nmodels = [\"process\", \"result\"]\nstandardized = true\n\n[[comparisons]]\nmodels = [\"process\", \"result\"]\n");
    s.push_str("\n# Benchmark of the centers: random-intercept models, shrunken center means, league tables\n# with rank intervals, and one report card per center (in centers/).\n[benchmark]\noutcomes = [\"process\", \"result\"]\nmodels = [\"process\", \"result\"]\ndraws = 10000\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn center_sizes_sum_to_the_respondents_and_are_at_least_three() {
        let mut rng = Rng::new(7);
        let s = center_sizes(&mut rng, 1009, 57);
        assert_eq!(s.len(), 57);
        assert_eq!(s.iter().sum::<usize>(), 1009);
        assert!(s.iter().all(|&x| x >= 3));
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let spec = SimSpec {
            seed: 3,
            respondents: 60,
            centers: 5,
        };
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_csv(spec, &mut a).unwrap();
        write_csv(spec, &mut b).unwrap();
        assert_eq!(a, b);
        let mut c = Vec::new();
        write_csv(SimSpec { seed: 4, ..spec }, &mut c).unwrap();
        assert_ne!(a, c);
        assert_eq!(String::from_utf8(a).unwrap().lines().count(), 61);
    }
}
