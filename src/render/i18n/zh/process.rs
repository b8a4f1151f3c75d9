//! Mediation and moderation (PROCESS): the section's opening sentences (`MEDIATION`) and
//! its plots, diagrams, tables and notes (`TABLES`); the structural equation models
//! (`sem.rs`) come between the two in the catalogue.

pub(super) const MEDIATION: &[(&str, &str)] = &[
    // ---- Mediation and moderation (PROCESS)
    ("Mediation and moderation", "中介与调节"),
    (
        "Through what does a factor act? Each analysis below is a PROCESS model (Hayes' numbering): an OLS equation for each mediator and for the outcome, the indirect effect as the product of its paths, and a bootstrap interval for it.",
        "因素经由什么起作用？下面每项分析都是一个 PROCESS 模型（按海斯的编号）：每个中介变量和结果变量各一个 OLS 方程，间接效应为各路径系数之积，并给出其自助法区间。",
    ),
    (
        "{}: indirect effect {#}, {#}% bootstrap interval {#} to {#}; {}",
        "{0}：间接效应 {1}，{2}% 自助法区间 {3} 至 {4}；{5}",
    ),
    (
        "the interval excludes 0: the effect runs through the mediator.",
        "区间不含 0：该效应经由中介变量传递。",
    ),
    (
        "the interval includes 0: no evidence that the effect runs through the mediator.",
        "区间包含 0：没有证据表明该效应经由中介变量传递。",
    ),
    (
        "Direct effect of {} on {} with the mediator(s) held constant: {#} ({}).",
        "控制中介变量后，{} 对 {} 的直接效应：{}（{}）。",
    ),
    ("PROCESS model {#} — {}", "PROCESS 模型 {} — {}"),
];

pub(super) const TABLES: &[(&str, &str)] = &[
    (
        "{} predicted along {} at values of {} ({} = {#})",
        "{} 随 {} 变化的预测值（{} 取不同值；{} = {}）",
    ),
    (
        "{} predicted along {} at values of {}",
        "{} 随 {} 变化的预测值（{} 取不同值）",
    ),
    (
        "Conditional effect of {} along {} (Johnson-Neyman)",
        "{} 的条件效应随 {} 的变化（Johnson-Neyman）",
    ),
    ("Conditional effect of {}", "{} 的条件效应"),
    ("Conditional effect", "条件效应"),
    ("Johnson-Neyman boundary", "Johnson-Neyman 临界值"),
    ("{#}% confidence band", "{}% 置信带"),
    (
        "Statistical diagram of PROCESS model {#} ({}), unstandardized coefficients; covariates in every equation, not drawn: {}",
        "PROCESS 模型 {}（{}）的统计路径图，非标准化系数；各方程均含协变量（图中未画出）：{}",
    ),
    (
        "Statistical diagram of PROCESS model {#} ({}), unstandardized coefficients",
        "PROCESS 模型 {}（{}）的统计路径图，非标准化系数",
    ),
    (
        "Conceptual diagram of PROCESS model {#} ({})",
        "PROCESS 模型 {}（{}）的概念图",
    ),
    (
        "Data for visualizing the conditional effect of {} on {}",
        "{} 对 {} 的条件效应的作图数据",
    ),
    (
        "Predicted {} with every other variable of its equation at its mean.",
        "{} 的预测值，方程中其他变量均取均值。",
    ),
    ("Role", "角色"),
    ("Covariate", "协变量"),
    (
        "Sample size: {#} (complete cases of {#} rows).",
        "样本量：{}（{} 行中的完整个案）。",
    ),
    ("Outcome: {} — Model Summary", "结果变量：{} — 模型摘要"),
    ("Outcome: {} — Model", "结果变量：{} — 模型"),
    (
        "Outcome: {} — Test(s) of highest order unconditional interaction(s)",
        "结果变量：{} — 最高阶无条件交互作用检验",
    ),
    (
        "Total effect model: {} — Model Summary",
        "总效应模型：{} — 模型摘要",
    ),
    ("Total effect model: {} — Model", "总效应模型：{} — 模型"),
    ("R-sq", "R 方"),
    ("coeff", "系数"),
    ("se", "标准误"),
    ("constant", "常量"),
    ("R2-chng", "R2 变化"),
    ("Total effect of {} on {}", "{} 对 {} 的总效应"),
    ("Direct effect of {} on {}", "{} 对 {} 的直接效应"),
    (
        "Conditional direct effect(s) of {} on {}",
        "{} 对 {} 的条件直接效应",
    ),
    (
        "Conditional effects of {} on {} at values of the moderator(s)",
        "调节变量不同取值下 {} 对 {} 的条件效应",
    ),
    ("Indirect effect(s) of {} on {}", "{} 对 {} 的间接效应"),
    (
        "Conditional indirect effect(s) of {} on {} at values of the moderator",
        "调节变量不同取值下 {} 对 {} 的条件间接效应",
    ),
    ("Effect", "效应"),
    ("BootSE", "自助标准误"),
    ("Boot {#}% CI Lower", "自助法 {}% 置信区间下限"),
    ("Boot {#}% CI Upper", "自助法 {}% 置信区间上限"),
    ("Path", "路径"),
    ("ind{#}", "间接效应{}"),
    ("total", "总间接效应"),
    ("(ind{#}) - (ind{#})", "（间接效应{}）−（间接效应{}）"),
    ("Contrast", "对比"),
    (
        "Pairwise contrasts between specific indirect effects",
        "特定间接效应之间的两两对比",
    ),
    (
        "Completely standardized indirect effect(s)",
        "完全标准化间接效应",
    ),
    ("Index of moderated mediation", "有调节的中介指数"),
    ("Index", "指数"),
    ("Analysis notes and warnings", "分析说明与警告"),
    ("Note", "说明"),
    (
        "Standard errors of every equation: {}",
        "各方程的标准误：{}",
    ),
    (
        "Bootstrap: {#} resamples of {} ({#}), {} interval, seed {#}; {#} resample(s) replaced because an equation was singular.",
        "自助法：对{1}（{2} 个）进行 {0} 次重抽样，{3}区间，种子 {4}；{5} 次重抽样因方程奇异而被替换。",
    ),
    (
        "Bootstrap: {#} resamples of {}, {} interval, seed {#}; {#} resample(s) replaced because an equation was singular.",
        "自助法：对{1}进行 {0} 次重抽样，{2}区间，种子 {3}；{4} 次重抽样因方程奇异而被替换。",
    ),
    ("clusters", "群组"),
    ("cases", "个案"),
    ("percentile", "百分位"),
    ("bias-corrected", "偏差校正"),
    (
        "Level of confidence for all intervals: {#}%.",
        "所有区间的置信水平：{}%。",
    ),
    (
        "The bootstrap resampled whole clusters ({#} values of {}) with replacement, not respondents: respondents of one center are not independent.",
        "自助法有放回地重抽整个群组（{1} 的 {0} 个取值），而非单个受访者：同一中心的受访者并不独立。",
    ),
    (
        "Indirect effects of every mediation analysis",
        "各中介分析的间接效应",
    ),
    ("Analysis", "分析"),
    ("Moderator value", "调节变量取值"),
    ("Indirect effect", "间接效应"),
    ("Direct effect", "直接效应"),
    ("p (direct)", "p（直接效应）"),
    (
        "Bootstrap: {#} resamples of {}, {} intervals, seed {#}. Each analysis' full PROCESS tables are in tables/process_*.csv.",
        "自助法：对{1}进行 {0} 次重抽样，{2}区间，种子 {3}。各分析完整的 PROCESS 表格见 tables/process_*.csv。",
    ),
];
