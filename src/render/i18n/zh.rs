//! Simplified Chinese, in the terms of the Chinese edition of SPSS (系数, 未标准化系数 B,
//! 标准错误, 显著性, 容差, 模型摘要, R 方, 调整后 R 方, 德宾-沃森, 可靠性统计, 克隆巴赫 Alpha,
//! 项总计统计 ...) and the conventions of Chinese journals (注：* p < 0.05 ...). Keyed by the
//! English text; `{}` stands for a part that varies (see the module above).
//! One file per part of the report (`report`, `tables`, `multilevel`, `charts`, `notes`,
//! `importance`, `process`, `sem`, `pls`, `centers`); `ENTRIES` lists their entries in the
//! order the catalogue reads them (of two entries for one text, the later one counts).

mod centers;
mod charts;
mod importance;
mod multilevel;
mod notes;
mod pls;
mod process;
mod report;
mod sem;
mod tables;

pub(super) static ENTRIES: &[&[(&str, &str)]] = &[
    report::ENTRIES,
    tables::ENTRIES,
    multilevel::ENTRIES,
    charts::ENTRIES,
    notes::ENTRIES,
    importance::ENTRIES,
    process::MEDIATION,
    sem::ENTRIES,
    process::TABLES,
    pls::ENTRIES,
    centers::ENTRIES,
];
