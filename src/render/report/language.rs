//! The report in the reader's language: the study's own texts (its constructs' Chinese
//! labels), sections translated on the way out, and the display label of a term.

use super::Section;
use crate::render::charts::Rendered;
use crate::render::tables::Table;
use crate::results::StudyResults;

/// Render in `lang` until the guard is dropped, the study's own texts included.
pub(super) fn render_in(
    r: &StudyResults,
    lang: crate::results::Language,
) -> crate::render::i18n::LanguageGuard {
    let guard = crate::render::i18n::use_language(lang);
    study_texts(r, lang);
    guard
}

/// A Chinese report names each construct by its Chinese label: "Strategic planning 策略规划"
/// and "Strategic planning" become "策略规划".
fn study_texts(r: &StudyResults, lang: crate::results::Language) {
    let mut pairs = Vec::new();
    if lang == crate::results::Language::Zh {
        for c in &r.constructs {
            if let (Some(l), Some(z)) = (&c.label, &c.label_zh) {
                pairs.push((format!("{l} {z}"), z.clone()));
                pairs.push((l.clone(), z.clone()));
            }
        }
    }
    crate::render::i18n::study_texts(pairs);
}

/// Sections in the language being rendered: headings, paragraphs, tables, chart captions.
pub(super) fn translated(sections: &[Section]) -> Vec<Section> {
    use crate::render::i18n::t;
    sections
        .iter()
        .map(|s| Section {
            heading: t(&s.heading),
            level: s.level,
            intro: s.intro.iter().map(|p| t(p)).collect(),
            tables: s.tables.iter().map(Table::translated).collect(),
            charts: s
                .charts
                .iter()
                .map(|c| Rendered {
                    title: t(&c.title),
                    ..c.clone()
                })
                .collect(),
        })
        .collect()
}

/// Display label of a term: the construct's label (and Chinese label) when it is a construct;
/// in a Chinese report its Chinese label alone.
pub(super) fn term_label(r: &StudyResults, term: &str) -> String {
    if crate::render::i18n::current() == crate::results::Language::Zh {
        if let Some(z) = r
            .constructs
            .iter()
            .find(|c| c.variable == term)
            .and_then(|c| c.label_zh.clone())
        {
            return z;
        }
    }
    match r.constructs.iter().find(|c| c.variable == term) {
        Some(c) => match (&c.label, &c.label_zh) {
            (Some(l), Some(z)) => format!("{l} {z}"),
            (Some(l), None) => l.clone(),
            _ => term.to_string(),
        },
        None => term.to_string(),
    }
}
