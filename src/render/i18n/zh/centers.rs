//! Comparing centers: the case-mix adjustment of the benchmark, composite indices and the
//! change over the waves.

pub(super) const ENTRIES: &[(&str, &str)] = &[
    // Case-mix adjustment of the benchmark.
    ("Adjusted score (interval)", "调整后得分（区间）"),
    (
        "prediction for the average respondent",
        "平均受访者的预测值",
    ),
    (
        "above the prediction for the average respondent ({}% interval)",
        "高于平均受访者的预测值（{}% 区间）",
    ),
    (
        "below the prediction for the average respondent ({}% interval)",
        "低于平均受访者的预测值（{}% 区间）",
    ),
    (
        "EB mean: the center's adjusted score, the model's prediction for the average respondent ({#}) plus the center's conditional mode; a center with few respondents or a noisy mean is pulled toward that prediction by 1 - shrinkage. Ranks: 1 = highest score (equal scores share a rank); rank intervals and band probabilities from {#} draws of the joint conditional distribution of the fixed effects and the center effects (seed {#}), ties in a draw ordered at random. Band: the third of the table the whole rank interval lies in (— where it spans two).",
        "EB 均值：该中心的调整后得分，即模型对平均受访者的预测值（{}）加上该中心的条件众数；受访者少或均值波动大的中心按 1 - 收缩系数 向该预测值收缩。排名：1 = 得分最高（得分相等者并列）；排名区间与区段概率来自固定效应与中心效应联合条件分布的 {} 次抽样（随机种子 {}），抽样中的并列随机排序。区段：整个排名区间所处的表格三分之一段（跨两段时为 —）。",
    ),
    (
        "{#} center(s) lie above and {#} below the average respondent's prediction with {#}% confidence; the other {#} cannot be told apart from it.",
        "在 {2}% 置信水平下，{0} 个中心高于、{1} 个中心低于平均受访者的预测值；其余 {3} 个与之无法区分。",
    ),
    ("{} (adjusted for case mix)", "{}（构成调整后）"),
    (
        "Adjusted for {}: the centers are compared as if each had served the same mix of respondents (and, for center-level terms, were the same kind of center).",
        "按 {} 调整：各中心按服务了相同构成的受访者（对中心层面的变量而言，按同类中心）进行比较。",
    ),
    (
        "A center's score is what the model `{}` predicts for the average respondent, plus the center's own effect.",
        "中心得分为模型 `{}` 对平均受访者的预测值，加上该中心自身的效应。",
    ),
    (
        "Against the raw league table: Spearman's rank correlation of the scores {#} over {#} centers; {#} center(s) changed band.",
        "与未调整的排行表相比：{1} 个中心得分的 Spearman 等级相关为 {0}；{2} 个中心的分档发生变化。",
    ),
    (
        "{#} center(s) of {} have no respondents in the data and are in no table: {}.",
        "{1} 中有 {0} 个中心在数据中没有受访者，未进入任何排行表：{2}。",
    ),
    (
        "{#} respondent(s) of {#} center(s) not in {} ({}) have no center-level data and are left out of the adjusted league tables and composite indices.",
        "{1} 个不在 {2} 中的中心（{3}）的 {0} 名受访者没有中心层面的数据，未进入调整后的排行表和综合指数。",
    ),
    (
        "Each component is standardised across the {#} centers (z-scores, the sign reversed where lower is better).",
        "各组成部分在 {} 个中心之间标准化（标准分数；越低越好的指标取相反号）。",
    ),
    (
        "Each component is scored against its goalposts: (value − floor) / (target − floor), clamped to 0–1 (a floor above the target: lower is better).",
        "各组成部分按其目标值计分：（数值 − 下限）/（目标 − 下限），截断于 0–1（下限高于目标即越低越好）。",
    ),
    (
        "Each component is min-max normalised across the {#} centers: 0 for the lowest, 1 for the highest (reversed where lower is better).",
        "各组成部分在 {} 个中心之间做极差标准化：最低者为 0，最高者为 1（越低越好的指标反向计算）。",
    ),
    (
        "Weights as set by the office, scaled to sum to 1.",
        "权重由评估机构设定，并缩放为总和 1。",
    ),
    ("Equal weights.", "等权重。"),
    (
        "Weights by the entropy weight method (熵权法) on the min-max normalised components: w_j ∝ 1 − e_j with e_j = −Σ p_ij ln p_ij / ln n and p_ij the center's share of the column, so components on which the centers differ more weigh more.",
        "权重采用熵权法，基于极差标准化后的各组成部分：w_j ∝ 1 − e_j，其中 e_j = −Σ p_ij ln p_ij / ln n，p_ij 为该中心在该列中的占比；各中心差异越大的组成部分权重越高。",
    ),
    (
        "Weights by CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995) on the min-max normalised components: w_j ∝ σ_j Σ_k (1 − r_jk), a component's contrast times its conflict with the others.",
        "权重采用 CRITIC 法（Diakoulaki, Mavrotas & Papayannakis 1995），基于极差标准化后的各组成部分：w_j ∝ σ_j Σ_k (1 − r_jk)，即组成部分的对比强度乘以其与其他组成部分的冲突性。",
    ),
    (
        "Weights: the squared loadings of the first principal component of the components' correlations (OECD/JRC 2008 Handbook), which explains {#}% of their variance.",
        "权重：各组成部分相关矩阵第一主成分载荷的平方（OECD/JRC 2008 手册），该主成分解释其 {}% 的方差。",
    ),
    (
        "Index = Σ w_j × z_j, in SD units (0: the average center).",
        "指数 = Σ w_j × z_j，以 SD 为单位（0 为平均中心）。",
    ),
    (
        "Index = {#} × Σ w_j × normalised value_j: a center best on every component scores {#} points.",
        "指数 = {} × Σ w_j × 标准化值_j：各组成部分均为最佳的中心得 {} 分。",
    ),
    (
        "Index = {#} × Σ w_j × normalised value_j + bonus: a center best on every component scores {#} points before bonus.",
        "指数 = {} × Σ w_j × 标准化值_j + 加分：各组成部分均为最佳的中心在加分前得 {} 分。",
    ),
    (
        "Index = {#} × Σ w_j × normalised value_j − deductions: a center best on every component scores {#} points before deductions.",
        "指数 = {} × Σ w_j × 标准化值_j − 扣分：各组成部分均为最佳的中心在扣分前得 {} 分。",
    ),
    (
        "Index = {#} × Σ w_j × normalised value_j + bonus − deductions: a center best on every component scores {#} points before bonus and deductions.",
        "指数 = {} × Σ w_j × 标准化值_j + 加分 − 扣分：各组成部分均为最佳的中心在加减分前得 {} 分。",
    ),
    (
        "A survey component is the mean of the center's respondents; a center record is the center's own value (center_data).",
        "问卷组成部分为该中心受访者的均值；中心记录为该中心自身的数值（center_data）。",
    ),
    (
        "Intervals: percentiles of {#} resamples of respondents within centers (seed {#}), the normalisation and weights recomputed in each; rank 1 = highest index; band = the third of the table the whole rank interval lies in (— where it spans two).",
        "区间：在中心内对受访者进行 {} 次重抽样所得的百分位数（种子 {}），每次重新计算标准化与权重；排名 1 = 指数最高；区段 = 整个排名区间所在的三分之一（跨两段者记为 —）。",
    ),
    (
        "No resampling (resamples = 0): the intervals are the point values.",
        "未做重抽样（resamples = 0）：区间即为点估计值。",
    ),
    (
        "Other weights: {#} draws of each weight times a uniform factor within ±{#}%, rescaled to sum to 1; the share of draws in which the center's rank stays in the same third of the table, and the range of its ranks.",
        "其他权重：共 {} 次抽取，每个权重乘以 ±{}% 以内的均匀随机因子，再缩放为总和 1；报告中心排名仍处于同一三分之一区段的抽取比例及其排名范围。",
    ),
    (
        "{#} center(s) lack a value the index needs and have no index: {}.",
        "{} 个中心缺少指数所需的数值，没有指数：{}。",
    ),
    ("{} (no {})", "{}（缺 {}）"),
    (
        "On the first principal component {} load(s) against the other components: the centers that do well on it tend to do worse on the rest, and its weight (its squared loading) rewards it all the same.",
        "在第一主成分上，{} 与其他组成部分方向相反：在该项上表现好的中心在其余各项上往往较差，但其权重（载荷平方）仍对其给予奖励。",
    ),
    ("{}: components and weights", "{}：组成部分与权重"),
    ("Component", "组成部分"),
    ("Better", "方向"),
    ("Floor", "下限"),
    ("Target", "目标"),
    ("Weight {#}% interval", "权重 {}% 区间"),
    ("survey (mean of respondents)", "问卷（受访者均值）"),
    ("center record", "中心记录"),
    ("higher", "越高越好"),
    ("lower", "越低越好"),
    ("Index {#}% interval", "指数 {}% 区间"),
    ("Bonus", "加分"),
    ("Deductions", "扣分"),
    ("Same third under other weights", "区段保持率"),
    ("Ranks under other weights", "扰动排名"),
    (
        "Each component's column: its points in the index (weight × normalised value × points).",
        "各组成部分列：其在指数中的得分（权重 × 标准化值 × 满分）。",
    ),
    (
        "Each component's column: its part of the index (weight × z-score).",
        "各组成部分列：其在指数中的份额（权重 × 标准分数）。",
    ),
    ("{}: values of the centers", "{}：各中心的数值"),
    ("{} (normalised)", "{}（标准化）"),
    ("Composite index: {}", "综合指数：{}"),
    (
        "Of the {#} centers with an index, {#} are in the top third and {#} in the bottom third of the table beyond the resampling uncertainty (their whole rank interval lies there); {#} cannot be placed in one third.",
        "在有指数的 {} 个中心中，考虑重抽样的不确定性后，{} 个位于前三分之一、{} 个位于后三分之一（整个排名区间都落在其中）；{} 个无法归入某一区段。",
    ),
    (
        "Under other weights (each within ±{#}% of the chosen one), {#} of the {#} centers stay in the same third of the table in at least 90% of draws.",
        "在其他权重下（每个权重在所选值的 ±{0}% 以内变动），{2} 个中心中有 {1} 个在至少 90% 的抽取中保持在同一区段。",
    ),
    (
        "{}: index of each center by component",
        "{}：各中心指数及其组成",
    ),
    ("Index (points)", "指数（分）"),
    ("Index (SD units)", "指数（SD 单位）"),
    ("bonus points", "加分"),
    ("deduction points", "扣分"),
    ("index ({#}% interval)", "指数（{}% 区间）"),
    ("Composite indices", "综合指数"),
    ("Rank of", "排名"),
    (
        "{}: index {#} (interval {#} to {#}), rank {#} of {#}, plausibly anywhere from {#} to {#}.",
        "{}：指数 {}（区间 {} 至 {}），排名第 {}（共 {}），可能在第 {} 至第 {} 名之间。",
    ),
    (
        "{}: index {#} (interval {#} to {#}), not ranked.",
        "{}：指数 {}（区间 {} 至 {}），不排名。",
    ),
    (
        "{}: this center lacks a value the index needs and has no index.",
        "{}：本中心缺少指数所需的数值，没有指数。",
    ),
    ("Change over the waves — {}: model", "各轮变化 — {}：模型"),
    ("Variance: {}", "方差：{}"),
    (
        "Formula: {}, fitted by {} to {#} respondents (lme4: (1 | center) + (1 | center:wave)); criterion {#}.",
        "公式：{}，以 {} 拟合 {} 名受访者（lme4：(1 | center) + (1 | center:wave)）；准则值 {}。",
    ),
    ("{} n", "{} 人数"),
    ("{} score", "{} 得分"),
    ("Change {}–{}", "变化 {}–{}"),
    ("{#}% interval {}–{}", "{}% 区间 {}–{}"),
    ("Verdict {}–{}", "判断 {}–{}"),
    ("Change over the waves — {}", "各轮变化 — {}"),
    ("improved", "改善"),
    ("declined", "下降"),
    ("no detectable change", "无可检测的变化"),
    (
        "Score: the model's mean of the wave plus the center's own effect and its effect in that wave (shrunken toward the wave's mean by their uncertainty). Change: the difference of two waves' scores, with its {#}% interval from the joint uncertainty of the wave effects and the center's effects. Improved / declined: the whole interval above / below 0.",
        "得分：模型中该轮的均值加上中心自身效应及其在该轮的效应（按其不确定性向该轮均值收缩）。变化：两轮得分之差，其 {}% 区间来自轮次效应与中心效应的联合不确定性。改善／下降：整个区间高于／低于 0。",
    ),
    (
        "{}: between-center SD {#}, center-by-wave SD {#}, residual SD {#}; a center's standing carries over from one wave to the next with correlation {#} (τ²_center / (τ²_center + τ²_wave)).",
        "{}：中心间 SD {}，中心×轮次 SD {}，残差 SD {}；中心的相对位置在相邻两轮之间的相关为 {}（τ²中心 / (τ²中心 + τ²轮次)）。",
    ),
    (
        "{} to {}: the average center moved by {#}; {#} center(s) improved, {#} declined and {#} showed no detectable change.",
        "{} 至 {}：平均中心变化 {}；{} 个中心改善，{} 个下降，{} 个无可检测的变化。",
    ),
    (
        "Regression to the mean: the {#} centers with the highest raw means in {} changed by {#} on average in raw means by {} (model-based scores: {#}); the {#} with the lowest by {#} (scores: {#}). Part of an extreme raw mean is chance that does not recur; the model's scores and their intervals allow for it, raw changes do not.",
        "均值回归：{1} 年原始均值最高的 {0} 个中心到 {3} 年原始均值平均变化 {2}（模型得分：{4}）；最低的 {5} 个中心变化 {6}（得分：{7}）。极端的原始均值部分源于不会重现的偶然因素；模型得分及其区间考虑了这一点，原始变化则没有。",
    ),
    ("Change over the waves: {}", "各轮变化：{}"),
    (
        "The league tables, composite indices and models are of the latest wave, {}; each outcome's change over all the waves follows them.",
        "排行表、综合指数和模型均基于最近一轮（{}）；各结果变量在全部轮次中的变化列于其后。",
    ),
    ("{}: center {} over the waves", "{}：中心 {} 的各轮变化"),
    ("{}: every center over the waves", "{}：各中心的各轮变化"),
    ("Score (model-based)", "得分（基于模型）"),
    ("each center", "各中心"),
    ("average center", "平均中心"),
    ("center {} ({#}% interval)", "中心 {}（{}% 区间）"),
    ("Over the waves", "各轮情况"),
    ("Wave", "轮次"),
    ("Score", "得分"),
    (
        "{}, {} to {}: change {#} ({#} to {#}), {}.",
        "{}，{} 至 {}：变化 {}（{} 至 {}），{}。",
    ),
    ("{} change {}–{}", "{} 变化 {}–{}"),
    (
        "Positions in the league tables are of the latest wave, {}; the changes compare the waves.",
        "排行表中的位置基于最近一轮（{}）；变化为各轮之间的比较。",
    ),
];
