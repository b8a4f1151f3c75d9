//! PLS path models (setup, paths, reliability and validity, fit, PLSpredict, bootstrap) and
//! the theory three ways (item-mean regression, SEM and PLS side by side).

pub(super) const ENTRIES: &[(&str, &str)] = &[
    ("PLS path models", "PLS 路径模型"),
    (
        "Which paths hold when each construct is a weighted composite of its items? Each PLS path model below (PLS-SEM, as SmartPLS) estimates the item weights so that the constructs predict one another best, then the paths between the composites; its intervals come from the bootstrap.",
        "当每个构念是其题项的加权组合时，哪些路径成立？下面每个 PLS 路径模型（PLS-SEM，与 SmartPLS 相同）先估计题项权重，使各构念彼此预测得最好，再估计组合之间的路径；其区间来自自助法。",
    ),
    ("PLS path model {} — Setup", "PLS 路径模型 {} — 设置"),
    (
        "PLS path model {} — Path coefficients",
        "PLS 路径模型 {} — 路径系数",
    ),
    ("PLS path model {} — R²", "PLS 路径模型 {} — R²"),
    (
        "PLS path model {} — Total and indirect effects",
        "PLS 路径模型 {} — 总效应与间接效应",
    ),
    (
        "PLS path model {} — Outer loadings and weights",
        "PLS 路径模型 {} — 外部载荷与权重",
    ),
    (
        "PLS path model {} — Bootstrap of the outer loadings",
        "PLS 路径模型 {} — 外部载荷的自助法",
    ),
    (
        "PLS path model {} — Bootstrap of the outer weights",
        "PLS 路径模型 {} — 外部权重的自助法",
    ),
    (
        "PLS path model {} — Construct reliability and validity",
        "PLS 路径模型 {} — 构念信度与效度",
    ),
    (
        "PLS path model {} — Discriminant validity (HTMT)",
        "PLS 路径模型 {} — 区分效度（HTMT）",
    ),
    (
        "PLS path model {} — Fornell-Larcker criterion",
        "PLS 路径模型 {} — Fornell-Larcker 准则",
    ),
    (
        "PLS path model {} — Cross-loadings",
        "PLS 路径模型 {} — 交叉载荷",
    ),
    ("PLS path model {}", "PLS 路径模型 {}"),
    ("Setting", "设置项"),
    ("Inner weighting scheme", "内部权重方案"),
    ("path", "路径加权"),
    ("factorial", "因子加权"),
    ("centroid", "质心加权"),
    ("Algorithm", "算法"),
    ("consistent PLS (PLSc)", "一致性 PLS（PLSc）"),
    ("Iterations", "迭代次数"),
    ("Converged (Σ|Δw| < 1e-12)", "已收敛（Σ|Δw| < 1e-12）"),
    ("Bootstrap resamples", "自助法重抽样次数"),
    ("Failed resamples", "失败的重抽样"),
    ("Clusters resampled", "重抽样的群组数"),
    ("Seed", "种子"),
    ("From", "自"),
    ("To", "至"),
    ("Coefficient", "系数"),
    ("Bootstrap mean", "自助法均值"),
    ("Bootstrap SD", "自助法标准差"),
    ("{#}% CI lower", "{}% 置信区间下限"),
    ("{#}% CI upper", "{}% 置信区间上限"),
    ("Adjusted R²", "调整后 R²"),
    ("Total indirect", "总间接效应"),
    ("Specific indirect", "特定间接效应"),
    ("Indicator", "指标"),
    ("Loading", "载荷"),
    ("Weight", "权重"),
    ("Mode", "模式"),
    ("Cronbach's α", "Cronbach α"),
    ("A (reflective)", "A（反映型）"),
    ("B (formative)", "B（形成型）"),
    ("A (common factor, PLSc)", "A（共同因子，PLSc）"),
    (
        "α, ρA and ρC should exceed 0.70, AVE 0.50 (Hair et al. 2022); ρA and ρC of a formative block are not reliabilities",
        "α、ρA 与 ρC 应高于 0.70，AVE 应高于 0.50（Hair et al. 2022）；形成型区块的 ρA 与 ρC 不是信度",
    ),
    (
        "PLS path model {} — Model fit",
        "PLS 路径模型 {} — 模型拟合",
    ),
    ("Saturated model", "饱和模型"),
    ("Estimated model", "估计模型"),
    (
        "Saturated: the construct correlations as estimated; estimated: as the paths imply them. Within a block, a common factor (=~, PLSc) implies λλ', a composite (<~) the observed correlations. SRMR below 0.08 is read as good fit (Hu & Bentler 1999; Henseler et al. 2014)",
        "饱和模型：构念相关取估计值；估计模型：取路径所隐含的值。区块内部，共同因子（=~，PLSc）隐含 λλ'，组合（<~）取观测相关。SRMR 低于 0.08 视为拟合良好（Hu & Bentler 1999；Henseler et al. 2014）",
    ),
    (
        "Saturated: the construct correlations as estimated; estimated: as the paths imply them. PLS estimates composites, whose blocks are implied as observed. SRMR below 0.08 is read as good fit (Hu & Bentler 1999; Henseler et al. 2014)",
        "饱和模型：构念相关取估计值；估计模型：取路径所隐含的值。PLS 估计的是组合，其区块内部取观测相关。SRMR 低于 0.08 视为拟合良好（Hu & Bentler 1999；Henseler et al. 2014）",
    ),
    (
        "SRMR {#} for the saturated model (construct correlations as estimated) and {#} for the estimated one (as the paths imply them); below 0.08 is read as good fit.",
        "饱和模型（构念相关取估计值）的 SRMR 为 {}，估计模型（取路径所隐含的值）为 {}；低于 0.08 视为拟合良好。",
    ),
    (
        "PLSpredict: {}-fold cross-validation repeated {} times (rows shuffled anew each time, seed {}); {} predictions averaged over the repetitions; the linear benchmark regresses each indicator on the indicators of {}; Q²predict compares with the training folds' mean",
        "PLSpredict：{} 折交叉验证重复 {} 次（每次重新打乱各行，种子 {}）；{}预测值取各次重复的平均；线性基准模型将每个指标对 {} 的指标做回归；Q²predict 以训练折的均值为比较基准",
    ),
    ("direct-antecedent (DA)", "直接前因（DA）"),
    ("earliest-antecedent (EA)", "最早前因（EA）"),
    (
        "SRMR {#}; the structural model leaves no construct correlation free (it is saturated), so the estimated model's SRMR is the saturated one's. Below 0.08 is read as good fit.",
        "SRMR 为 {}；结构模型未留下自由的构念相关（为饱和模型），故估计模型的 SRMR 与饱和模型相同。低于 0.08 视为拟合良好。",
    ),
    (
        "{#} rows missing an observed predictor ({}) were left out: full-information ML conditions on the predictors (fixed.x), as lavaan's missing = \"ml\", so they must be observed",
        "{} 行缺少观测预测变量（{}）的取值，已排除：完全信息极大似然以预测变量为条件（fixed.x，同 lavaan 的 missing = \"ml\"），预测变量必须有观测值",
    ),
    ("no", "否"),
    ("PLSpredict folds", "PLSpredict 折数"),
    ("PLSpredict repetitions", "PLSpredict 重复次数"),
    ("PLSpredict technique", "PLSpredict 预测方式"),
    (
        "PLS path model {} — PLSpredict",
        "PLS 路径模型 {} — PLSpredict",
    ),
    ("PLS RMSE", "PLS 的 RMSE"),
    ("PLS MAE", "PLS 的 MAE"),
    ("LM RMSE", "LM 的 RMSE"),
    ("LM MAE", "LM 的 MAE"),
    ("RMSE below LM", "RMSE 低于 LM"),
    (
        "Out of sample: {}-fold cross-validation repeated {} times, {} predictions averaged over the repetitions; LM = the linear benchmark, each indicator regressed on the indicators of {}; Q²predict = 1 - Σ(y - ŷ)² / Σ(y - training mean)²",
        "样本外预测：{} 折交叉验证重复 {} 次，{} 预测值取各次重复的平均；LM 为线性基准模型，即每个指标对 {} 的指标做回归；Q²predict = 1 - Σ(y - ŷ)² / Σ(y - 训练样本均值)²",
    ),
    (
        "PLSpredict ({}-fold cross-validation, {} repetitions, {}): Q²predict is above 0 for {} of {} indicators of the endogenous constructs, and PLS predicts them with a smaller RMSE than the linear benchmark for {} of {}: {} (Shmueli et al. 2019).",
        "PLSpredict（{0} 折交叉验证，重复 {1} 次，{2}）：内生构念的 {4} 个指标中有 {3} 个的 Q²predict 大于 0；{6} 个指标中有 {5} 个的 PLS 预测 RMSE 小于线性基准模型：{7}（Shmueli et al. 2019）。",
    ),
    ("high predictive power", "预测力高"),
    ("medium predictive power", "预测力中等"),
    ("low predictive power", "预测力低"),
    (
        "no predictive power beyond the linear benchmark",
        "预测力不超过线性基准模型",
    ),
    (
        "indicators with Q²predict at or below 0 are predicted no better than by the training mean",
        "Q²predict 不大于 0 的指标，其预测并不优于训练样本均值",
    ),
    ("Construct A", "构念 甲"),
    ("Construct B", "构念 乙"),
    ("HTMT 95th percentile", "HTMT 第 95 百分位数"),
    ("Correlation", "相关系数"),
    (
        "HTMT below 0.85 (conceptually distinct constructs) or 0.90 (similar ones) supports discriminant validity; the one-sided test asks the 95th bootstrap percentile to lie below the threshold (Henseler et al. 2015; Franke & Sarstedt 2019)",
        "HTMT 低于 0.85（概念上不同的构念）或 0.90（相近的构念）支持区分效度；单侧检验要求自助法第 95 百分位数低于该阈值（Henseler et al. 2015；Franke & Sarstedt 2019）",
    ),
    (
        "HTMT below 0.85 (conceptually distinct constructs) or 0.90 (similar ones) supports discriminant validity (Henseler et al. 2015); run a bootstrap for its one-sided test",
        "HTMT 低于 0.85（概念上不同的构念）或 0.90（相近的构念）支持区分效度（Henseler et al. 2015）；其单侧检验需运行自助法",
    ),
    (
        "√AVE on the diagonal, construct correlations below it: each √AVE should exceed the correlations in its row and column",
        "对角线为 √AVE，其下为构念间相关：每个 √AVE 应大于其所在行与列的相关系数",
    ),
    (
        "Indicators standardized (divisor n - 1; every estimate depends on their correlations only, so the divisor changes none)",
        "指标已标准化（除数 n - 1；所有估计值只取决于指标间相关，因此除数不改变任何估计）",
    ),
    (
        "Bootstrap: {#} resamples of whole clusters, percentile and BCa intervals (BCa acceleration from the leave-one-cluster-out jackknife), no sign correction (each resample's estimates as they come, as SmartPLS and seminr); t = estimate / bootstrap SD",
        "自助法：整群重抽样 {} 次，百分位区间与 BCa 区间（BCa 加速度来自逐群留一刀切法），不做符号校正（与 SmartPLS 和 seminr 相同，各次重抽样的估计值按原样使用）；t = 估计值 / 自助法标准差",
    ),
    (
        "Bootstrap: {#} resamples of rows, percentile and BCa intervals (BCa acceleration from the leave-one-out jackknife), no sign correction (each resample's estimates as they come, as SmartPLS and seminr); t = estimate / bootstrap SD",
        "自助法：按行重抽样 {} 次，百分位区间与 BCa 区间（BCa 加速度来自逐行留一刀切法），不做符号校正（与 SmartPLS 和 seminr 相同，各次重抽样的估计值按原样使用）；t = 估计值 / 自助法标准差",
    ),
    (
        "The weights did not converge in {#} iterations: the estimates are not a PLS solution",
        "权重在 {} 次迭代内未收敛：这些估计值不是 PLS 解",
    ),
    (
        "{}: the PLS weights did not converge; its estimates are not a solution.",
        "{}：PLS 权重未收敛；其估计值不是解。",
    ),
    (
        "{} (N = {#}, {} weighting): R² {}.",
        "{}（N = {}，{}）：R² {}。",
    ),
    (
        "{} (N = {#}, {} weighting, consistent PLS): R² {}.",
        "{}（N = {}，{}，一致性 PLS）：R² {}。",
    ),
    (
        "No path's {#}% cluster bootstrap interval ({#} resamples) excludes zero.",
        "没有路径的 {}% 整群自助法区间（{} 次重抽样）排除零。",
    ),
    (
        "No path's {#}% bootstrap interval ({#} resamples of rows) excludes zero.",
        "没有路径的 {}% 自助法区间（按行重抽样 {} 次）排除零。",
    ),
    (
        "Paths whose {#}% cluster bootstrap interval ({#} resamples) excludes zero: {}.",
        "{}% 整群自助法区间（{} 次重抽样）排除零的路径：{}。",
    ),
    (
        "Paths whose {#}% bootstrap interval ({#} resamples of rows) excludes zero: {}.",
        "{}% 自助法区间（按行重抽样 {} 次）排除零的路径：{}。",
    ),
    (
        "Total indirect effects whose interval excludes zero: {}.",
        "区间排除零的总间接效应：{}。",
    ),
    (
        "Every reflective construct reaches α, ρA and ρC of 0.70 and an AVE of 0.50.",
        "每个反映型构念的 α、ρA 与 ρC 均达到 0.70，AVE 达到 0.50。",
    ),
    (
        "Below 0.70 on α, ρA or ρC, or 0.50 on AVE: {}; see the reliability table.",
        "α、ρA 或 ρC 低于 0.70，或 AVE 低于 0.50：{}；见信度表。",
    ),
    (
        "Discriminant validity: every HTMT and its 95th bootstrap percentile is below 0.85.",
        "区分效度：所有 HTMT 及其自助法第 95 百分位数均低于 0.85。",
    ),
    (
        "Discriminant validity: every HTMT is below 0.85.",
        "区分效度：所有 HTMT 均低于 0.85。",
    ),
    (
        "HTMT at or above 0.85 (or a 95th bootstrap percentile there), so these constructs are not clearly distinct: {}.",
        "HTMT 达到或高于 0.85（或其自助法第 95 百分位数如此），这些构念未能清楚区分：{}。",
    ),
    ("The theory three ways — {}", "理论的三种估计 — {}"),
    ("Item-mean regression (Beta)", "题项均值回归（Beta）"),
    (
        "Structural equation model (Std.all)",
        "结构方程模型（完全标准化）",
    ),
    (
        "Standardized coefficients. Rows used: item-mean regressions {}; structural equation model {}; PLS {}",
        "标准化系数。使用的行数：题项均值回归 {}；结构方程模型 {}；PLS {}",
    ),
    ("none", "无"),
    (
        "The theory three ways (standardized coefficients; table below): item means regressed on item means, the structural equation model {} by ML, and PLS. The structural equation model relates latent variables free of measurement error, so unreliable items no longer attenuate its paths: its coefficient is larger in absolute value than the item-mean regression's on {#} of {#} paths. Item means and PLS composites are both weighted sums of the items and keep their measurement error, so PLS lies nearer the item-mean regression than the structural equation model on {#} of {#} paths (PLS is consistent for latent variables only as PLSc). R² (regression / structural equation model / PLS): {}. The three use different rows (see the table's note), so part of each difference is the sample; where they disagree in sign or significance, read the reliability and HTMT tables first.",
        "理论的三种估计（标准化系数；见下表）：以题项均值对题项均值回归、以 ML 估计的结构方程模型 {0}，以及 PLS。结构方程模型连接的是不含测量误差的潜变量，因此不可靠的题项不再削弱其路径：在 {2} 条路径中有 {1} 条，其系数的绝对值大于题项均值回归的系数。题项均值与 PLS 组合都是题项的加权和，保留了测量误差，因此在 {4} 条路径中有 {3} 条，PLS 比结构方程模型更接近题项均值回归（只有 PLSc 对潜变量是一致的）。R²（回归 / 结构方程模型 / PLS）：{5}。三者使用的行不同（见表注），因此每个差异部分来自样本；若三者在符号或显著性上不一致，请先看信度表与 HTMT 表。",
    ),
    (
        "listwise deletion over its indicators (SmartPLS's casewise deletion); the same theory by full-information ML uses every answer: a [[sem]] with measurement = \"constructs\" and missing = \"fiml\"",
        "对其指标按列表删除（即 SmartPLS 的个案删除）；以完全信息 ML 估计同一理论可使用全部回答：在 [[sem]] 中设 measurement = \"constructs\" 与 missing = \"fiml\"",
    ),
    (
        "Structural paths of {}, PLS path coefficients (* {#}% bootstrap interval excludes 0)",
        "{} 的结构路径，PLS 路径系数（* 表示 {}% 自助法区间不含 0）",
    ),
    (
        "Structural paths of {}, PLS path coefficients",
        "{} 的结构路径，PLS 路径系数",
    ),
    ("BCa lower", "BCa 下限"),
    ("BCa upper", "BCa 上限"),
];
