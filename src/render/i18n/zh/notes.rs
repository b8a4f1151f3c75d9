//! The notes under tables (measurement, diagnostics, bootstraps, multilevel, benchmark)
//! and the command-line summaries.

pub(super) const ENTRIES: &[(&str, &str)] = &[
    // ---- Notes (continued): measurement, diagnostics, bootstraps, multilevel, benchmark
    (
        "Finished from sums per cluster (bprstat sql); Durbin-Watson, the diagnostics and the bootstraps need the rows and are not computed.",
        "由各群组的汇总量完成（bprstat sql）；Durbin-Watson、回归诊断与自助法需要逐行数据，未予计算。",
    ),
    (
        "Finished from sums per cluster (bprstat sql); Durbin-Watson needs the rows and is not computed.",
        "由各群组的汇总量完成（bprstat sql）；Durbin-Watson 需要逐行数据，未予计算。",
    ),
    (
        "Cases with every item of the construct answered (listwise); reverse-keyed items reversed first. Interval for alpha by Feldt's F method; lambda-6 from squared multiple correlations, as psych's G6(smc); omega total from one principal-axis factor, as psych::omega(nfactors = 1, fm = \"pa\").",
        "仅含构念全部题项均已作答的个案（成列删除）；反向题先反向计分。Alpha 的区间采用 Feldt F 方法；Lambda-6 由平方多重相关计算（同 psych 的 G6(smc)）；Omega（总）由单个主轴因子计算（同 psych::omega(nfactors = 1, fm = \"pa\")）。",
    ),
    (
        "{#} complete cases. Per-item MSA ranges {}; values in results.json (psych::KMO, cortest.bartlett).",
        "{} 个完整个案。各题项 MSA 范围为 {}；数值见 results.json（psych::KMO、cortest.bartlett）。",
    ),
    (
        "Eigenvalues of the correlation matrices of {#} samples of {#} independent normal variables with n = {#} (seed {#}); parallel analysis retains {#} factor(s), Kaiser's eigenvalue > 1 rule {#}.",
        "{0} 个样本（各含 {1} 个独立正态变量，n = {2}，随机种子 {3}）相关矩阵的特征值；平行分析保留 {4} 个因子，凯撒特征值 > 1 准则保留 {5} 个。",
    ),
    (
        "Extraction: principal axis factoring; rotation: promax; {#} cases (listwise). {#} factor(s) by parallel analysis: eigenvalues above the 95th percentile of {#} random samples (seed {#})",
        "提取方法：主轴因子分解；旋转方法：最优斜交（promax）；{} 个个案（成列删除）。平行分析确定 {} 个因子：特征值高于 {} 个随机样本第 95 百分位（随机种子 {}）",
    ),
    (
        "With an oblique rotation the factors correlate, so their sums of squared loadings cannot be added to a total variance (as SPSS notes).",
        "斜交旋转下因子之间相关，其载荷平方和不能相加为总方差（SPSS 亦如此注明）。",
    ),
    (
        "Maximum likelihood on the {#} complete cases (listwise), covariances with divisor N as lavaan; each item loads on its construct only, constructs correlate, factor variances fixed to 1. Standardized loadings with delta-method SEs (expected information).",
        "基于 {} 个完整个案（成列删除）的最大似然估计，协方差除数为 N（同 lavaan）；每个题项只负荷于其构念，构念间相关，因子方差固定为 1。标准化载荷的标准错误采用 delta 方法（期望信息矩阵）。",
    ),
    (
        "n = {#}; baseline (independence) model χ² = {#} on {#} df. Definitions as lavaan: χ² = N·F_ML, RMSEA = sqrt(max(χ² - df, 0)/(N·df)), SRMR from residuals standardized by the observed SDs.",
        "n = {}；基线（独立）模型 χ² = {}，自由度 {}。定义同 lavaan：χ² = N·F_ML，RMSEA = sqrt(max(χ² - df, 0)/(N·df))，SRMR 由按观测标准差标准化的残差计算。",
    ),
    (
        "Convergent validity: CR >= 0.7 and AVE >= 0.5 are the usual benchmarks (Fornell & Larcker 1981; Hair et al.). Discriminant validity: sqrt(AVE) above the construct's correlations (Fornell-Larcker) and HTMT below 0.85 (Henseler et al. 2015).",
        "聚合效度：常用标准为 CR >= 0.7 且 AVE >= 0.5（Fornell & Larcker 1981；Hair 等）。区分效度：sqrt(AVE) 大于该构念与其他构念的相关（Fornell-Larcker 准则），且 HTMT 小于 0.85（Henseler 等 2015）。",
    ),
    (
        "CR = (Σλ)²/((Σλ)² + Σ(1-λ²)), AVE = mean λ² of the standardized loadings; MSV = the largest squared correlation with another construct. Diagonal (in parentheses): sqrt(AVE); below it, the CFA's construct correlations. Discriminant validity holds when each sqrt(AVE) exceeds the correlations in its row and column (and AVE > MSV).",
        "CR = (Σλ)²/((Σλ)² + Σ(1-λ²))，AVE = 标准化载荷平方 λ² 的均值；MSV = 与其他构念的最大平方相关。对角线（括号内）为 sqrt(AVE)；其下为 CFA 估计的构念间相关。若每个 sqrt(AVE) 均大于其所在行与列的相关（且 AVE > MSV），则区分效度成立。",
    ),
    (
        "HTMT from the item correlations (absolute values; Henseler, Ringle & Sarstedt 2015); below 0.85 supports discriminant validity. All pairs are below 0.85.",
        "HTMT 由题项相关（取绝对值）计算（Henseler, Ringle & Sarstedt 2015）；小于 0.85 支持区分效度。所有构念对均低于 0.85。",
    ),
    (
        "Eigen-analysis of the cross-products of the design with columns scaled to unit length (intercept included, uncentred), as SPSS prints it. Columns: variance proportions. Condition indices above 30 with two or more large proportions on the same dimension signal harmful collinearity.",
        "对设计矩阵（各列缩放为单位长度，含截距，未中心化）的叉积做特征分析，与 SPSS 输出一致。各列为方差比例。条件指标大于 30 且同一维度上有两个或以上较大方差比例时，提示存在有害的共线性。",
    ),
    (
        "Heteroskedasticity tests are chi-square tests of the squared residuals on the regressors (R lmtest::bptest); Shapiro-Wilk follows R's shapiro.test (AS R94) and is computed for 3 to 5000 residuals.",
        "异方差检验为残差平方对回归变量的卡方检验（R lmtest::bptest）；夏皮洛-威尔克检验同 R 的 shapiro.test（AS R94），适用于 3 至 5000 个残差。",
    ),
    (
        "{#} of {#} cases exceed at least one cut-off: leverage > 2k/n = {#}, \\|studentized residual\\| > 3, Cook's D > 4/n = {#}, \\|DFFITS\\| > 2 sqrt(k/n) = {#}; the 20 with the largest Cook's D are listed. Every case's values are in {}.",
        "{1} 个个案中有 {0} 个超过至少一个临界值：杠杆值 > 2k/n = {2}，\\|学生化残差\\| > 3，库克距离 > 4/n = {3}，\\|DFFITS\\| > 2 sqrt(k/n) = {4}；列出库克距离最大的 20 个。全部个案的数值见 {5}。",
    ),
    (
        "{#} of {#} cases exceed at least one cut-off: leverage > 2k/n = {#}, |studentized residual| > 3, Cook's D > 4/n = {#}, |DFFITS| > 2 sqrt(k/n) = {#}; the 20 with the largest Cook's D are listed. Every case's values are in {}.",
        "{1} 个个案中有 {0} 个超过至少一个临界值：杠杆值 > 2k/n = {2}，|学生化残差| > 3，库克距离 > 4/n = {3}，|DFFITS| > 2 sqrt(k/n) = {4}；列出库克距离最大的 20 个。全部个案的数值见 {5}。",
    ),
    (
        "Zero-order: Pearson r with {}; partial and part (semi-partial) correlations from the classical t statistics.",
        "零阶：与 {} 的皮尔逊相关；偏相关与部分（半偏）相关由经典 t 统计量计算。",
    ),
    (
        "Restricted wild cluster bootstrap (WCR; Cameron, Gelbach and Miller 2008) of H0: coefficient = 0 with {} weights over {#} clusters: {#} replications. Intervals by test inversion. Seed {#}.",
        "约束野聚类自助法（WCR；Cameron、Gelbach 与 Miller 2008）检验 H0：系数 = 0，{} 权重，{} 个群组，{} 次重复。区间由检验反演得到。随机种子 {}。",
    ),
    (
        "The same selection rerun on {#} cluster-bootstrap resamples (whole clusters drawn with replacement). Terms chosen in well under 100% of resamples were chosen partly by chance.",
        "在 {} 个聚类自助重抽样样本（整群有放回抽取）上重复同样的变量选择。入选比例明显低于 100% 的项，其入选部分出于偶然。",
    ),
    (
        "The variables of this model were chosen from the data: its p-values and confidence intervals do not account for the selection and are too small (too narrow). The selection stability table shows how often each variable is chosen in cluster-bootstrap resamples.",
        "本模型的变量由数据选出：其 p 值与置信区间未考虑选择过程，因而偏小（偏窄）。选择稳定性表给出各变量在聚类自助重抽样中的入选频率。",
    ),
    (
        "Joint (seemingly unrelated) cluster-robust covariance of the two fits by {} ({#} clusters, factor G/(G-1)), as Stata's suest; chi-square Wald tests of equal coefficients.",
        "两个模型按 {} 聚类的联合（似不相关）稳健协方差（{} 个群组，校正因子 G/(G-1)），同 Stata 的 suest；系数相等的卡方 Wald 检验。",
    ),
    (
        "Standardized coefficients (Beta) with standard errors in parentheses ({}); * p < .05, ** p < .01, *** p < .001 from each model's own tests. F is the classical overall test.",
        "标准化系数（Beta），括号内为标准错误（{}）；* p < 0.05，** p < 0.01，*** p < 0.001，来自各模型自身的检验。F 为经典整体检验。",
    ),
    (
        "Design effect 1 + (n̄ - 1) ICC(1): how many times larger the variance of a mean is than under simple random sampling; effective n = N / design effect is the number of independent respondents the sample is worth.",
        "设计效应 1 + (n̄ - 1) ICC(1)：均值的方差是简单随机抽样下的多少倍；有效样本量 = N / 设计效应，即样本相当于多少名独立受访者。",
    ),
    (
        "ICC(1): the share of a variable's variance that lies between centers — how much centers differ, relative to how much respondents differ.",
        "ICC(1)：变量方差中位于中心之间的比例 — 中心之间的差异相对于受访者之间的差异有多大。",
    ),
    (
        "ICC(2): the reliability of a center's mean of n̄ respondents, τ²/(τ² + σ²/n̄) — how far a center's mean can be trusted to rank centers.",
        "ICC(2)：由 n̄ 名受访者得到的中心均值的信度，τ²/(τ² + σ²/n̄) — 中心均值在多大程度上可用于中心排序。",
    ),
    (
        "Likelihood-ratio test of the random intercept against the single-level model (REML criterion, same fixed effects): χ² = {#}, p < .001 (half the χ²(1) tail, since τ² = 0 lies on the boundary).",
        "随机截距相对单层模型的似然比检验（REML 准则，固定效应相同）：χ² = {}，p < 0.001（由于 τ² = 0 位于参数空间边界，取 χ²(1) 尾部概率的一半）。",
    ),
    (
        "Likelihood-ratio test of the random intercept against the single-level model (REML criterion, same fixed effects): χ² = {#}, p = {#} (half the χ²(1) tail, since τ² = 0 lies on the boundary).",
        "随机截距相对单层模型的似然比检验（REML 准则，固定效应相同）：χ² = {}，p = {}（由于 τ² = 0 位于参数空间边界，取 χ²(1) 尾部概率的一半）。",
    ),
    (
        "Standard errors of the variances are asymptotic (observed information); the intervals are from the likelihood profile (the values of the SD whose profiled criterion lies within χ²₁ of the optimum), which stay sensible near τ = 0 where estimate ± 2 SE does not. A lower limit of 0 means a zero between-group variance cannot be excluded.",
        "方差的标准错误为渐近标准错误（观测信息矩阵）；区间来自似然剖面（剖面准则与最优值之差在 χ²₁ 以内的标准差取值），在 τ 接近 0 时仍然合理，而估算 ± 2 标准错误则不然。下限为 0 表示不能排除组间方差为零。",
    ),
    (
        "EB mean: the empirical-Bayes (shrunken) center mean of the null model, overall mean {#} plus the center's conditional mode; a center with few respondents or a noisy mean is pulled toward the overall mean by 1 - shrinkage. Ranks: 1 = highest EB mean (equal means share a rank); rank intervals and band probabilities from {#} draws of the joint conditional distribution of the overall mean and the center effects (seed {#}), ties in a draw ordered at random. Band: the third of the table the whole rank interval lies in (— where it spans two).",
        "EB 均值：零模型的经验贝叶斯（收缩）中心均值，即总体均值 {} 加上该中心的条件众数；受访者少或均值波动大的中心按 1 - 收缩系数 向总体均值收缩。排名：1 = EB 均值最高（均值相等者并列）；排名区间与区段概率来自总体均值与中心效应联合条件分布的 {} 次抽样（随机种子 {}），抽样中的并列随机排序。区段：整个排名区间所处的表格三分之一段（跨两段时为 —）。",
    ),
    (
        "{#} center(s) lie above and {#} below the overall mean with {#}% confidence; the other {#} cannot be told apart from it. Funnel: the raw mean against limits mean ± 1.96 (95%) and ± 3.09 (99.8%) times SD/√n around the respondent mean {#} (SD {#}).",
        "在 {2}% 置信水平下，{0} 个中心高于、{1} 个中心低于总体均值；其余 {3} 个与总体均值无法区分。漏斗图：原始均值与控制限对照，控制限为受访者均值 {4}（标准差 {5}）± 1.96（95%）和 ± 3.09（99.8%）倍 SD/√n。",
    ),
    (
        "{}: ICC(1) = {#}, so {#}% of its variance lies between centers. ICC(2) = {#}: a center's mean of {#} respondents ranks centers with reliability {#}. Design effect {#}: the {#} respondents carry the information of about {#} independent ones, so standard errors that ignore the centers are too small by a factor of {#}.",
        "{0}：ICC(1) = {1}，即其方差的 {2}% 位于中心之间。ICC(2) = {3}：由 {4} 名受访者得到的中心均值用于中心排序的信度为 {5}。设计效应 {6}：{7} 名受访者所含信息约相当于 {8} 名独立受访者，因此忽略中心的标准错误偏小 {9} 倍。",
    ),
    (
        "Centers ({#} groups of {}) are compared on empirical-Bayes (shrunken) means from random-intercept models, with rank intervals simulated from their uncertainty; raw means rank small centers at both ends by chance alone. One report card per center is in {}.",
        "各中心（{} 个，按 {} 分组）依据随机截距模型的经验贝叶斯（收缩）均值进行比较，排名区间由其不确定性模拟得到；原始均值会仅因偶然把小中心排在两端。每个中心的报告卡见 {}。",
    ),
    (
        "How to read this card: shrunken (empirical-Bayes) means pull a center's raw mean toward the overall mean in proportion to its uncertainty, so centers with few respondents are not ranked at the extremes by chance. The rank interval holds the center's rank in 95% of simulated draws; two centers whose intervals overlap widely cannot be ordered with confidence. On the funnel plot, a center outside the 99.8% limits differs from the overall mean by more than chance would allow.",
        "阅读说明：收缩（经验贝叶斯）均值按不确定性大小把中心的原始均值拉向总体均值，使受访者较少的中心不会因偶然被排在两端。排名区间包含该中心在 95% 模拟抽样中的排名；区间大量重叠的两个中心无法可靠地排序。在漏斗图中，位于 99.8% 控制限之外的中心与总体均值的差异超出了偶然所能解释的范围。",
    ),
    (
        "{}: shrunken mean {#} (overall {#}), rank {#} of {#}, plausibly anywhere from {#} to {#}; not distinguishable from the overall mean.",
        "{}：收缩均值 {}（总体 {}），排名第 {} / {}，合理范围为第 {} 至第 {} 名；与总体均值无法区分。",
    ),
    (
        "{}: shrunken mean {#} (overall {#}), rank {#} of {#}, plausibly anywhere from {#} to {#}; above the overall mean.",
        "{}：收缩均值 {}（总体 {}），排名第 {} / {}，合理范围为第 {} 至第 {} 名；高于总体均值。",
    ),
    (
        "{}: shrunken mean {#} (overall {#}), rank {#} of {#}, plausibly anywhere from {#} to {#}; below the overall mean.",
        "{}：收缩均值 {}（总体 {}），排名第 {} / {}，合理范围为第 {} 至第 {} 名；低于总体均值。",
    ),
    ("Strongest factors: {}.", "最强的因素：{}。"),
    ("Weakest factors: {}.", "最弱的因素：{}。"),
    ("{} ({#} SD)", "{}（{} 个标准差）"),
    (
        "{} ({#} SD), {} ({#} SD)",
        "{}（{} 个标准差），{}（{} 个标准差）",
    ),
    (
        "Only {#} clusters: with fewer than {#}, cluster-robust t tests over-reject (Cameron and Miller 2015); {}.",
        "仅有 {} 个群组：群组少于 {} 个时，聚类稳健 t 检验会过度拒绝（Cameron and Miller 2015）；{}。",
    ),
    (
        "use the wild cluster bootstrap (--wild-bootstrap 9999, wild_bootstrap = 9999) or CR2 with Satterthwaite df (--se cr2)",
        "请使用野聚类自助法（--wild-bootstrap 9999，wild_bootstrap = 9999）或采用 Satterthwaite 自由度的 CR2（--se cr2）",
    ),
    (
        "CR2/CR3 with Satterthwaite df (used here) help; the wild cluster bootstrap (--wild-bootstrap 9999, wild_bootstrap = 9999) is the safer test",
        "采用 Satterthwaite 自由度的 CR2/CR3（本处所用）有所改善；野聚类自助法（--wild-bootstrap 9999，wild_bootstrap = 9999）更为稳妥",
    ),
    (
        "Only {#} clusters: percentile intervals from resampling so few clusters are unreliable (often too narrow); for tests use the wild cluster bootstrap.",
        "仅有 {} 个群组：对如此少的群组重抽样得到的百分位区间不可靠（往往过窄）；检验请使用野聚类自助法。",
    ),
    (
        "Wald test of all slopes with {} covariance: not computable: {#} slopes exceed the rank of a cluster-robust covariance from {#} clusters (at most G-1 = {#}), as Stata reports.",
        "基于 {} 协方差的全部斜率 Wald 检验：无法计算 — {} 个斜率超过了由 {} 个群组得到的聚类稳健协方差的秩（至多 G-1 = {}），与 Stata 的报告一致。",
    ),
    (
        "Satterthwaite degrees of freedom per coefficient (column df), as clubSandwich's default test",
        "每个系数的 Satterthwaite 自由度（df 列），同 clubSandwich 的默认检验",
    ),
    (
        "Interval unbounded: with {#} clusters and {} weights the smallest attainable p-value is {#}, above {#}, so no value of the coefficient is rejected; use Webb weights (--weights webb, weights = \"webb\"), as Stata's boottest suggests.",
        "区间无界：{} 个群组、{} 权重下可达到的最小 p 值为 {}，高于 {}，因此系数的任何取值都不会被拒绝；请使用 Webb 权重（--weights webb，weights = \"webb\"），同 Stata 的 boottest 建议。",
    ),
    (
        "Interval half-bounded: on the open side no value of the coefficient is rejected at this level.",
        "区间半有界：在开放一侧，该水平下系数的任何取值都不会被拒绝。",
    ),
    // ---- Command-line summaries
    (
        "{}: n = {#}, R2 = {#}, adj. R2 = {#}, F({#}, {#}) = {#} [{} SEs]",
        "{}：n = {}，R² = {}，调整后 R² = {}，F({}, {}) = {}（{} 标准错误）",
    ),
    (
        "wrote {#} files to {} (open report.html)",
        "已写入 {} 个文件到 {}（请打开 report.html）",
    ),
    (
        "{}: ICC(1) = {#}, ICC(2) = {#}; {#} centers above and {#} below the overall mean",
        "{}：ICC(1) = {}，ICC(2) = {}；{} 个中心高于、{} 个低于总体均值",
    ),
    (
        "wrote {#} files to {} (open benchmark.html; one card per center in centers/)",
        "已写入 {} 个文件到 {}（请打开 benchmark.html；每个中心的报告卡在 centers/ 中）",
    ),
    (
        "Click a column's header to sort by it (again to reverse).",
        "点击列标题按该列排序（再次点击反向排序）。",
    ),
    ("Center {} — benchmark report card", "中心 {} — 对标报告卡"),
    ("{} — study {}.", "{} — 研究 {}。"),
    // ---- Notes
    ("Dependent variable: {}.", "因变量：{}。"),
    ("Predictors: {}.", "预测变量：{}。"),
    ("Standard errors: {}", "标准错误：{}"),
    (
        "Classical (homoskedastic) standard errors; t tests on {} df.",
        "经典（同方差）标准错误；t 检验自由度为 {}。",
    ),
    (
        "Cluster-robust CR1 standard errors by {} ({} clusters), factor G/(G-1)*(N-1)/(N-K) = {} (Stata vce(cluster), R vcovCL type HC1); t tests on G-1 = {} df.",
        "按 {} 聚类的稳健标准错误 CR1（{} 个群组），校正因子 G/(G-1)*(N-1)/(N-K) = {}（同 Stata vce(cluster)、R vcovCL type HC1）；t 检验自由度 G-1 = {}。",
    ),
    (
        "The F test is the classical one (as SPSS prints it).",
        "F 检验为经典 F 检验（与 SPSS 输出一致）。",
    ),
    (
        "Log-likelihood {}, AIC {}, BIC {}.",
        "对数似然 {}，AIC {}，BIC {}。",
    ),
    (
        "A dropped row may be missing on several variables, so the per-variable counts can sum to more than the rows dropped.",
        "一行可能同时在多个变量上缺失，因此各变量缺失数之和可能大于剔除行数。",
    ),
    (
        "Change statistics compare each model with the one before it (SPSS /STATISTICS CHANGE).",
        "变化统计量将每个模型与前一模型比较（SPSS /STATISTICS CHANGE）。",
    ),
    (
        "Statistics each candidate would have if it entered the model of that step.",
        "各候选变量若在该步进入模型时的统计量。",
    ),
    (
        "Every step is fitted on the same {} cases (listwise over all candidates).",
        "每一步均基于相同的 {} 个个案拟合（按全部候选变量成列删除）。",
    ),
    (
        "N = {} complete cases ({} excluded). Scale: mean {}, variance {}, {} items.",
        "N = {} 个完整个案（排除 {} 个）。标度：平均值 {}，方差 {}，{} 个题项。",
    ),
    (
        "Listwise deletion based on all items of the construct (SPSS RELIABILITY offers no other rule).",
        "基于构念全部题项的成列删除（SPSS RELIABILITY 无其他规则）。",
    ),
    (
        "Pairwise-complete observations (n = {} to {} per pair). * p < .05, ** p < .01, *** p < .001 (two-sided). Diagonal: Cronbach's alpha in parentheses.",
        "成对完整观测（每对 n = {} 至 {}）。* p < 0.05，** p < 0.01，*** p < 0.001（双侧）。对角线括号内为克隆巴赫 Alpha。",
    ),
    (
        "Wald test of all slopes with cluster covariance: F({}, {}) = {}, p < .001.",
        "基于聚类协方差的全部斜率 Wald 检验：F({}, {}) = {}，p < 0.001。",
    ),
    (
        "Wald test of all slopes with cluster covariance: F({}, {}) = {}, p = {}.",
        "基于聚类协方差的全部斜率 Wald 检验：F({}, {}) = {}，p = {}。",
    ),
    (
        "Whole clusters resampled with replacement, {} replications, percentile intervals. Seed {}.",
        "整群有放回重抽样，{} 次重复，百分位区间。随机种子 {}。",
    ),
    ("Rotation: promax.", "旋转方法：最优斜交（promax）。"),
    (
        "Variance components by the null model variable ~ 1 + (1 | center); LR test against the single-level model with the boundary-corrected p-value (half the χ²(1) tail).",
        "方差成分来自零模型 变量 ~ 1 + (1 | 中心)；与单层模型的似然比检验采用边界校正的 p 值（χ²(1) 尾部概率的一半）。",
    ),
    (
        "Empirical-Bayes means of the null model of each factor; ▲/▼: the 95% interval lies above/below the overall mean.",
        "各因子零模型的经验贝叶斯均值；▲/▼：95% 区间高于/低于总体均值。",
    ),
    (
        "Dependent variable: {}. {} respondents in {} groups of {}; {} rows dropped for missing values.",
        "因变量：{}。{} 名受访者分属 {} 个 {} 组；{} 行因缺失值被剔除。",
    ),
    (
        "Convergence: the profiled REML criterion was evaluated {} times; its derivative in τ²/σ² at the optimum is {}.",
        "收敛：剖面 REML 准则共计算 {} 次；其在最优点处对 τ²/σ² 的导数为 {}。",
    ),
    (
        "Fitted by REML with the likelihood profiled over the variance ratio τ²/σ² (as lme4); t tests with Satterthwaite's degrees of freedom (as lmerTest); 95% intervals from the t distribution with those df.",
        "采用 REML 拟合，似然在方差比 τ²/σ² 上剖面化（同 lme4）；t 检验使用 Satterthwaite 自由度（同 lmerTest）；95% 区间来自该自由度的 t 分布。",
    ),
    (
        "Ecological analysis: one row per {} ({} rows), each variable averaged over the center's respondents. Relations between center means need not hold for respondents within centers.",
        "生态分析：每个 {} 一行（共 {} 行），各变量取中心内受访者的均值。中心均值之间的关系不一定适用于中心内的受访者。",
    ),
    (
        "{} — on center means (ecological)",
        "{} — 基于中心均值（生态分析）",
    ),
    ("{} — random intercept for {}", "{} — {} 随机截距"),
];
