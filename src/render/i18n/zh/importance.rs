//! Relative importance: dominance analysis and relative weights.

pub(super) const ENTRIES: &[(&str, &str)] = &[
    // ---- Relative importance (dominance analysis, relative weights)
    ("Which factors matter most", "哪些因素最重要"),
    (
        "Which factors matter most? Dominance analysis compares each factor's contribution to R2 in every model of the others: its general dominance weight is its average share of R2 (the LMG or Shapley decomposition, which collinearity does not distort as it does the ranking of Betas); relative weights (Johnson 2000) give nearly the same shares another way.",
        "哪些因素最重要？优势分析比较每个因素在其他因素的所有组合模型中对 R2 的贡献：其一般优势权重即它对 R2 的平均份额（LMG 或沙普利分解，不像按 Beta 排序那样受共线性扭曲）；相对权重（约翰逊，2000）以另一种方法给出几乎相同的份额。",
    ),
    (
        "{}: the factors explain R2 = {#} (N = {#}); by general dominance, in order: {}.",
        "{}：各因素共解释 R2 = {}（N = {}）；按一般优势依次为：{}。",
    ),
    (
        "Rank interval of {} over {#} bootstrap resamples of {}: {#} to {#}. {}",
        "{0} 的排名区间（基于 {1} 次{2}自助重抽样）：{3} 至 {4}。{5}",
    ),
    ("centers", "中心"),
    ("respondents", "受访者"),
    (
        "The bootstrap ranks it first in every interval: the data single it out.",
        "自助法区间中它始终排第一：数据能明确区分它。",
    ),
    (
        "Where rank intervals overlap, the data do not order the factors.",
        "排名区间重叠之处，数据无法区分各因素的先后。",
    ),
    ("Relative importance — {} ({})", "相对重要性 — {}（{}）"),
    ("Predictor", "预测变量"),
    ("General dominance (LMG)", "一般优势（LMG）"),
    ("{#}% CI", "{}% 置信区间"),
    ("% of R2", "占 R2 的百分比"),
    ("Rank {#}% CI", "排名 {}% 置信区间"),
    ("Relative weight", "相对权重"),
    ("Rescaled (%)", "重标度（%）"),
    (
        "R2 = {#} with all predictors (N = {#}); general dominance weights (= LMG, the Shapley shares of R2) and relative weights (Johnson 2000) each sum to it.",
        "全部预测变量的 R2 = {}（N = {}）；一般优势权重（= LMG，即 R2 的沙普利份额）与相对权重（约翰逊，2000）之和均等于它。",
    ),
    (
        "R2 = {#} with all predictors (N = {#}), of which {#} is taken by the forced-in {}; general dominance weights (= LMG, the Shapley shares of R2) and relative weights (Johnson 2000) each sum to the rest, {#}.",
        "全部预测变量的 R2 = {}（N = {}），其中 {} 归于强制纳入的 {}；一般优势权重（= LMG，即 R2 的沙普利份额）与相对权重（约翰逊，2000）之和均等于其余部分 {}。",
    ),
    (
        "Intervals: percentile, {#} bootstrap resamples of {#} clusters, seed {#}; a rank interval from 1 to the number of predictors means the data cannot order that predictor.",
        "区间：百分位法，对 {1} 个群组进行 {0} 次自助重抽样，种子 {2}；排名区间从 1 到预测变量个数，表示数据无法确定该预测变量的位次。",
    ),
    (
        "Intervals: percentile, {#} bootstrap resamples of cases, seed {#}; a rank interval from 1 to the number of predictors means the data cannot order that predictor.",
        "区间：百分位法，对个案进行 {} 次自助重抽样，种子 {}；排名区间从 1 到预测变量个数，表示数据无法确定该预测变量的位次。",
    ),
    (
        "Conditional dominance: average R2 added, by the number k of other predictors in the model",
        "条件优势：按模型中其他预测变量个数 k 计的平均 R2 增量",
    ),
    (
        "Dominance relations between predictors",
        "预测变量之间的优势关系",
    ),
    ("Complete", "完全优势"),
    ("Conditional", "条件优势"),
    ("General", "一般优势"),
    (
        "Difference in general dominance (i - j)",
        "一般优势之差（i − j）",
    ),
    ("Reproducibility (complete)", "可重复性（完全优势）"),
    ("Reproducibility (conditional)", "可重复性（条件优势）"),
    ("Reproducibility (general)", "可重复性（一般优势）"),
    ("P(i generally dominates j)", "P（i 一般优于 j）"),
    ("i dominates j", "i 优于 j"),
    ("j dominates i", "j 优于 i"),
    ("undetermined", "未确定"),
    (
        "Complete: i adds more R2 than j to every model holding neither; conditional: on average at every model size; general: on average overall. Reproducibility: share of bootstrap resamples giving the same relation (as R's bootDominanceAnalysis).",
        "完全优势：在不含二者的每个模型中，i 带来的 R2 增量都大于 j；条件优势：在每一模型规模上平均如此；一般优势：总体平均如此。可重复性：得出相同关系的自助重抽样所占比例。",
    ),
    ("All-subsets R2", "全子集 R2"),
    ("Predictors in the model", "模型中的预测变量"),
    ("(none)", "（无）"),
    (
        "General dominance (share of R2) of each predictor of {}, with bootstrap intervals",
        "{} 各预测变量的一般优势（R2 份额）及自助法区间",
    ),
    ("General dominance weight (R2)", "一般优势权重（R2）"),
];
