//! Structural equation models: the section, fit sentences, lavaan-style tables and their
//! notes (robust and cluster-robust errors, FIML, bootstrap, modification indices).

pub(super) const ENTRIES: &[(&str, &str)] = &[
    ("Structural equation models", "结构方程模型"),
    (
        "Structural paths of {}, completely standardized coefficients (std.all)",
        "{} 的结构路径，完全标准化系数",
    ),
    (
        "How does the whole theory fit? Each structural equation model below estimates the measurement of the constructs and the paths between them at once, by maximum likelihood (lavaan's defaults), so that measurement error does not attenuate the paths.",
        "整个理论模型拟合如何？以下每个结构方程模型以最大似然法（lavaan 默认设置）同时估计构念的测量与构念之间的路径，使测量误差不再削弱路径系数。",
    ),
    (
        "{} (N = {#}): chi-square({#}) = {#}, CFI = {#}, TLI = {#}, RMSEA = {#} [{#}, {#}], SRMR = {#}; the fit is good by the usual cutoffs (CFI >= .95, RMSEA <= .06, SRMR <= .08; Hu and Bentler 1999).",
        "{}（N = {}）：χ²({}) = {}，CFI = {}，TLI = {}，RMSEA = {} [{}, {}]，SRMR = {}；按常用标准（CFI ≥ .95、RMSEA ≤ .06、SRMR ≤ .08；Hu 与 Bentler 1999）拟合良好。",
    ),
    (
        "{} (N = {#}): chi-square({#}) = {#}, CFI = {#}, TLI = {#}, RMSEA = {#} [{#}, {#}], SRMR = {#}; the fit is acceptable, not good, by the usual cutoffs (CFI >= .90, RMSEA <= .08, SRMR <= .10).",
        "{}（N = {}）：χ²({}) = {}，CFI = {}，TLI = {}，RMSEA = {} [{}, {}]，SRMR = {}；按常用标准（CFI ≥ .90、RMSEA ≤ .08、SRMR ≤ .10）拟合可以接受，但未达良好。",
    ),
    (
        "{} (N = {#}): chi-square({#}) = {#}, CFI = {#}, TLI = {#}, RMSEA = {#} [{#}, {#}], SRMR = {#}; the fit is poor by the usual cutoffs (CFI < .90, RMSEA > .08 or SRMR > .10): the paths rest on a model the data do not support.",
        "{}（N = {}）：χ²({}) = {}，CFI = {}，TLI = {}，RMSEA = {} [{}, {}]，SRMR = {}；按常用标准（CFI < .90、RMSEA > .08 或 SRMR > .10）拟合较差：路径所依据的模型未得到数据支持。",
    ),
    (
        "The model used the {#} complete cases of {#} rows (listwise deletion over its items); missing = \"fiml\" (full-information maximum likelihood) would use every answer.",
        "模型使用了 {} 个完整个案（共 {} 行；按其题项列表删除）；设 missing = \"fiml\"（全信息最大似然法）可利用全部作答。",
    ),
    (
        "Maximum likelihood; standard errors cluster-robust over {#} clusters of {} (sandwich on the observed information); N = {#} rows used of {#}.",
        "最大似然法；标准误在 {} 个群组（{}）上做群组稳健估计（基于观测信息矩阵的三明治估计）；N = {}（共 {} 行）。",
    ),
    (
        "Maximum likelihood; robust (Huber-White) standard errors, sandwich on the observed information; N = {#} rows used of {#}.",
        "最大似然法；稳健（Huber-White）标准误，基于观测信息矩阵的三明治估计；N = {}（共 {} 行）。",
    ),
    (
        "Standard errors are cluster-robust over the {#} clusters of {} (respondents of one cluster are not independent); the chi-square and the indices above are the normal-theory ones.",
        "标准误按 {} 个群组（{}）做群组稳健估计（同一群组内的受访者并不相互独立）；上述 χ² 与指数为正态理论下的值。",
    ),
    (
        "Standard errors are robust (Huber-White) to non-normal answers; the chi-square and the indices above are the normal-theory ones.",
        "标准误对非正态作答稳健（Huber-White）；上述 χ² 与指数为正态理论下的值。",
    ),
    (
        "Full-information ML over the {#} rows ({#} patterns of missing answers): the scaled test is taken at the saturated (EM) moments.",
        "全信息最大似然（{} 行，缺失模式 {} 种）：校正检验在饱和模型（期望最大化算法估计）的矩处计算。",
    ),
    (
        "Scaled: the scaled χ² in the usual formulas (lavaan's .scaled); robust: the indices' population values estimated from the FIML-corrected statistics of Zhang and Savalei (2023) (lavaan's .robust under missing data), the ones to read against cutoffs.",
        "校正：将校正后的 χ² 代入常规公式（lavaan 的 .scaled）；稳健：由 Zhang 与 Savalei（2023）的全信息最大似然校正统计量估计指数的总体值（lavaan 在缺失数据下的 .robust），应以此对照临界值。",
    ),
    (
        "Full-information ML over the {#} rows ({#} patterns of missing answers).",
        "全信息最大似然（{} 行，缺失模式 {} 种）。",
    ),
    (
        "Full-information maximum likelihood used every answer of the {#} rows ({#} patterns of missing answers) instead of the {#} complete cases alone.",
        "全信息最大似然法利用了 {} 行的全部作答（缺失模式 {} 种），而非仅用 {} 个完整个案。",
    ),
    (
        "Maximum likelihood with full-information ML over {#} rows ({#} patterns of missing answers), observed information; N = {#} rows of {#}.",
        "最大似然法，全信息最大似然（{} 行，缺失模式 {} 种），观测信息矩阵；N = {}（共 {} 行）。",
    ),
    (
        "Paths significant at the {#} level: {}.",
        "在 {} 水平上显著的路径：{}。",
    ),
    (
        "Structural equation model {} — Model fit",
        "结构方程模型 {} — 模型拟合",
    ),
    (
        "Structural equation model {} — Latent Variables",
        "结构方程模型 {} — 潜变量",
    ),
    (
        "Structural equation model {} — Regressions",
        "结构方程模型 {} — 回归",
    ),
    (
        "Structural equation model {} — Covariances",
        "结构方程模型 {} — 协方差",
    ),
    (
        "Structural equation model {} — Variances",
        "结构方程模型 {} — 方差",
    ),
    (
        "Structural equation model {} — Defined Parameters",
        "结构方程模型 {} — 定义参数",
    ),
    (
        "Structural equation model {} — R-Square",
        "结构方程模型 {} — R2",
    ),
    ("Measure", "指标"),
    ("Std.Err", "标准误"),
    ("z-value", "z 值"),
    ("P(>|z|)", "p 值"),
    ("Std.lv", "潜变量标准化"),
    ("Std.all", "完全标准化"),
    ("Estimator", "估计方法"),
    ("Number of observations", "观测数"),
    ("Number of model parameters", "模型参数个数"),
    ("Degrees of freedom", "自由度"),
    ("P-value (Chi-square)", "p 值（χ²）"),
    ("RMSEA 90% CI", "RMSEA 90% CI"),
    ("P-value H0: RMSEA <= 0.050", "p 值（H0：RMSEA ≤ 0.050）"),
    ("Loglikelihood", "对数似然"),
    ("Baseline model chi-square (df)", "基线模型 χ²（df）"),
    (
        "Maximum likelihood, expected information; N = {#} complete cases of {#} rows.",
        "最大似然法，期望信息矩阵；N = {}（{} 行中的完整个案）。",
    ),
    (
        "Maximum likelihood; standard errors cluster-robust over {#} clusters of {} (sandwich on the observed information); Yuan-Bentler scaled test (Mplus variant); N = {#} rows used of {#}.",
        "最大似然法；标准误在 {} 个群组（{}）上做群组稳健估计（基于观测信息矩阵的三明治估计）；Yuan-Bentler 校正检验（Mplus 版本）；N = {}（共 {} 行）。",
    ),
    (
        "Maximum likelihood; robust (Huber-White) standard errors, sandwich on the observed information; Yuan-Bentler scaled test (Mplus variant); N = {#} rows used of {#}.",
        "最大似然法；稳健（Huber-White）标准误，基于观测信息矩阵的三明治估计；Yuan-Bentler 校正检验（Mplus 版本）；N = {}（共 {} 行）。",
    ),
    (
        "Scaled: the scaled χ² in the usual formulas (lavaan's .scaled); robust: the indices' population values estimated as Brosseau-Liard and Savalei (2012, 2014) do (lavaan's .robust), the ones to read against cutoffs.",
        "校正：将校正后的 χ² 代入常规公式（lavaan 的 .scaled）；稳健：按 Brosseau-Liard 与 Savalei（2012、2014）估计指数的总体值（lavaan 的 .robust），应以此对照临界值。",
    ),
    ("Standard", "标准"),
    ("Scaled", "校正"),
    ("Number of clusters", "群组数"),
    (
        "Scaling correction factor (Yuan-Bentler, Mplus variant)",
        "校正因子（Yuan-Bentler，Mplus 版本）",
    ),
    (
        "Structural equation model {} — Modification indices (10 largest)",
        "结构方程模型 {} — 修正指数（最大的 10 个）",
    ),
    ("Std.all EPC", "完全标准化 EPC"),
    (
        "MI: the drop in chi-square expected if the parameter were freed (1 df; 3.84 is p = .05); EPC: its expected value. Free a parameter only where theory supports it.",
        "MI：释放该参数后 χ² 预期下降的量（自由度 1；3.84 对应 p = .05）；EPC：该参数的预期值。仅在理论支持时释放参数。",
    ),
    (
        "Bootstrap: {#} resamples of the {#} clusters (whole clusters drawn), seed {#}; percentile intervals; {#} resamples failed to fit.",
        "自助法：对 {} 次重抽样（共 {} 个群组，整群抽取），种子 {}；百分位区间；{} 次重抽样拟合失败。",
    ),
    (
        "Bootstrap: {#} resamples of the rows, seed {#}; percentile intervals; {#} resamples failed to fit.",
        "自助法：按行重抽样 {} 次，种子 {}；百分位区间；{} 次重抽样拟合失败。",
    ),
    ("Robust CFI", "稳健 CFI"),
    ("Robust TLI", "稳健 TLI"),
    ("Robust RMSEA", "稳健 RMSEA"),
    ("Robust RMSEA 90% CI", "稳健 RMSEA 90% CI"),
    (
        "Robust P-value H0: RMSEA <= 0.050",
        "稳健 p 值（H0：RMSEA ≤ 0.050）",
    ),
    (
        "{} (N = {#}): scaled chi-square({#}) = {#} (Yuan-Bentler correction, scaling factor {#}), robust CFI = {#}, robust TLI = {#}, robust RMSEA = {#} [{#}, {#}], SRMR = {#}.",
        "{}（N = {}）：校正 χ²({}) = {}（Yuan-Bentler 校正，校正因子 {}），稳健 CFI = {}，稳健 TLI = {}，稳健 RMSEA = {} [{}, {}]，SRMR = {}。",
    ),
    (
        "By the robust indices the fit is good by the usual cutoffs (CFI >= .95, RMSEA <= .06, SRMR <= .08; Hu and Bentler 1999).",
        "按稳健指数与常用标准（CFI ≥ .95、RMSEA ≤ .06、SRMR ≤ .08；Hu 与 Bentler 1999），拟合良好。",
    ),
    (
        "By the robust indices the fit is acceptable, not good, by the usual cutoffs (CFI >= .90, RMSEA <= .08, SRMR <= .10).",
        "按稳健指数与常用标准（CFI ≥ .90、RMSEA ≤ .08、SRMR ≤ .10），拟合可以接受，但未达良好。",
    ),
    (
        "By the robust indices the fit is poor by the usual cutoffs (CFI < .90, RMSEA > .08 or SRMR > .10): the paths rest on a model the data do not support.",
        "按稳健指数与常用标准（CFI < .90、RMSEA > .08 或 SRMR > .10），拟合较差：路径所依据的模型未得到数据支持。",
    ),
    (
        "Standard errors are cluster-robust over the {#} clusters of {} (respondents of one cluster are not independent); the test and the indices above are scaled for it.",
        "标准误按 {} 个群组（{}）做群组稳健估计（同一群组内的受访者并不相互独立）；上述检验与指数均已相应校正。",
    ),
    (
        "Standard errors are robust (Huber-White) to non-normal answers; the test and the indices above are scaled for it.",
        "标准误对非正态作答稳健（Huber-White）；上述检验与指数均已相应校正。",
    ),
    (
        "The cluster-robust covariance of the estimates rests on {#} clusters for {#} parameters: its rank is at most {#}, so each standard error stands, but no joint (several-parameter) Wald test can be made from it.",
        "估计值的群组稳健协方差矩阵基于 {} 个群组、{} 个参数：其秩至多为 {}，因此各标准误可用，但不能据此做多参数联合 Wald 检验。",
    ),
    (
        "Rows without a standard error are fixed: marker loadings, variances under std_lv, or exogenous (co)variances at their sample values.",
        "无标准误的行为固定参数：标示题项的载荷、std_lv 下的方差，或固定为样本值的外生（协）方差。",
    ),
];
