//! The charts' titles, axes and legends.

pub(super) const ENTRIES: &[(&str, &str)] = &[
    // ---- Charts
    (
        "Standardized coefficients (Beta) with confidence intervals",
        "标准化系数（Beta）及其置信区间",
    ),
    ("Standardized coefficient", "标准化系数"),
    ("Scree plot with parallel analysis", "碎石图与平行分析"),
    ("Factor number", "因子序号"),
    ("random data, 95th percentile", "随机数据第 95 百分位"),
    ("observed", "观测值"),
    ("Empirical-Bayes mean (interval)", "经验贝叶斯均值（区间）"),
    ("overall mean", "总体均值"),
    (
        "overall mean (respondent-weighted)",
        "总体均值（按受访者加权）",
    ),
    (
        "above the overall mean ({}% interval)",
        "高于总体均值（{}% 区间）",
    ),
    (
        "below the overall mean ({}% interval)",
        "低于总体均值（{}% 区间）",
    ),
    ("not distinguishable from it", "与之无法区分"),
    ("95% limits", "95% 控制限"),
    ("99.8% limits", "99.8% 控制限"),
    ("Respondents in the center", "中心受访者人数"),
    ("Raw center mean", "中心原始均值"),
    (
        "Shrunken score minus overall mean (SD units)",
        "收缩得分减总体均值（标准差单位）",
    ),
    ("Fitted value", "拟合值"),
    ("Standardized residual", "标准化残差"),
    ("standardized residual", "标准化残差"),
    ("Theoretical quantile", "理论分位数"),
    ("sqrt(|standardized residual|)", "sqrt(|标准化残差|)"),
    ("{}: residuals vs fitted", "{}：残差与拟合值"),
    (
        "{}: normal Q-Q of standardized residuals",
        "{}：标准化残差的正态 Q-Q 图",
    ),
    ("{}: scale-location", "{}：尺度-位置图"),
    (
        "{}: residuals vs leverage (Cook's D 0.5, 1)",
        "{}：残差与杠杆值（库克距离 0.5、1）",
    ),
    ("{}: added-variable plot of {}", "{}：{} 的添加变量图"),
    ("{} | others", "{} | 其他变量"),
    (
        "{} (1 in {} of {} points shown)",
        "{}（{1} 个点中每 {0} 个显示 1 个）",
    ),
];
