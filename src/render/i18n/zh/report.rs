//! The report's structure: its sections, headings and contents, the data and provenance
//! sentences that open it.

pub(super) const ENTRIES: &[(&str, &str)] = &[
    // ---- Report structure
    ("Data", "数据"),
    ("Constructs", "构念"),
    ("Factor structure and validity", "因子结构与效度"),
    ("Models", "模型"),
    ("Model: {} — {}", "模型：{} — {}"),
    ("Model: {}", "模型：{}"),
    ("Models side by side", "模型并列比较"),
    ("Benchmark of centers", "中心对标"),
    ("League table: {}", "排行表：{}"),
    ("Factor scores of centers", "中心的因子得分"),
    ("Multilevel model: {}", "多层模型：{}"),
    ("Center-level model: {}", "中心层面模型：{}"),
    ("Provenance", "来源信息"),
    ("Contents", "目录"),
    ("Study report", "研究报告"),
    ("Center report cards", "中心报告卡"),
    ("All centers", "全部中心"),
    ("Formula: {}", "公式：{}"),
    (
        "{} model(s), each fitted by OLS on its own complete cases.",
        "{} 个模型，各自以其完整个案用普通最小二乘法（OLS）拟合。",
    ),
    (
        "{} rows and {} columns read from {} ({}, {}); respondents are nested in {} clusters ({}).",
        "从 {2} 读取 {0} 行、{1} 列（{3}，{4}）；受访者嵌套于 {5} 个群组（{6}）。",
    ),
    (
        "{} rows and {} columns read from {} ({}, {}).",
        "从 {2} 读取 {0} 行、{1} 列（{3}，{4}）。",
    ),
    (
        "Study {} — report written by bprstat {}.",
        "研究 {} — 由 bprstat {} 生成的报告。",
    ),
    ("{} — benchmark of centers", "{} — 中心对标"),
    (
        "Do the items load where they should, and are the constructs distinct? An exploratory factor analysis of every item (reverse-keyed items reversed), then a confirmatory factor analysis of the declared constructs with convergent (CR, AVE) and discriminant (Fornell-Larcker, HTMT) validity.",
        "题项是否负荷在应有的因子上，构念之间是否可区分？先对全部题项（反向题已反向计分）做探索性因子分析，再对所设构念做验证性因子分析，并检验聚合效度（CR、AVE）与区分效度（Fornell-Larcker 准则、HTMT）。",
    ),
    (
        "Which factors matter for one outcome but not the other: the models in columns, then tests that each factor's coefficient is the same in both (the standardized coefficients are charted together above).",
        "哪些因素只对一个结果变量重要：各模型并列成列，再检验每个因素在两个模型中的系数是否相等（标准化系数已在上文同图展示）。",
    ),
];
