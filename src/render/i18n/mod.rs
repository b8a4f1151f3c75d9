//! The reports in the reader's language. Every text is written in English where it is
//! made; the renderer translates it on the way out through one catalogue per language
//! (`zh.rs`), keyed by the English message. An entry is either a whole text ("Coefficients")
//! or a template whose `{}` stand for the parts that vary ("Coefficients — {}"), `{#}` for a
//! part that is a number ("{#} to {#}"); the translation places them with `{}` in order, or
//! `{0}`, `{1}` to reorder. A varying part is translated in turn when it is itself an entry
//! (a construct's label, a model's title); it never spans two sentences.
//! What the catalogue lacks stays English; a test renders the default study in Chinese and
//! fails on any English word outside a short list of symbols and names.
//!
//! The language is set for the rendering of one report ([`use_language`]); charts, tables,
//! sections and cards consult it through [`t`].

mod zh;

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::OnceLock;

pub use crate::results::Language;

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::En) };
    /// A study's own texts in the language rendered (a construct's English label to its
    /// Chinese one), consulted before the catalogue.
    static STUDY: std::cell::RefCell<HashMap<String, String>> =
        std::cell::RefCell::new(HashMap::new());
}

/// Translations of a study's own texts (its construct labels) for what is rendered on this
/// thread; replaces the ones given before.
pub fn study_texts(pairs: Vec<(String, String)>) {
    STUDY.with(|s| *s.borrow_mut() = pairs.into_iter().collect());
}

/// The language of what is rendered on this thread until the guard is dropped.
pub fn use_language(lang: Language) -> LanguageGuard {
    let before = CURRENT.with(|c| c.replace(lang));
    LanguageGuard(before)
}

/// Restores the language before [`use_language`] when dropped.
pub struct LanguageGuard(Language);

impl Drop for LanguageGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| c.set(self.0));
    }
}

/// [`crate::numeric::parallel::map`] for parts of one report: each worker renders in this
/// thread's language and with its study's own texts (both are per thread).
pub fn map_rendered<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let language = current();
    let study = STUDY.with(|s| s.borrow().clone());
    crate::numeric::parallel::map(items, |item| {
        // A worker renders parts of this one report: its study texts stay.
        STUDY.with(|s| s.borrow_mut().clone_from(&study));
        let _language = use_language(language);
        f(item)
    })
}

/// The language being rendered.
pub fn current() -> Language {
    CURRENT.with(|c| c.get())
}

/// A text in the current language.
pub fn t(text: &str) -> String {
    match current() {
        Language::En => text.to_string(),
        Language::Zh => catalogue(&zh::ENTRIES).translate(text),
    }
}

/// One language's entries, ready to look up.
struct Catalogue {
    exact: HashMap<&'static str, &'static str>,
    /// Templates, the most specific (most literal text) first: (literal parts, whether each
    /// placeholder takes a number, translation).
    templates: Vec<Template>,
}

struct Template {
    parts: Vec<String>,
    numeric: Vec<bool>,
    translation: &'static str,
}

/// `entries`: the language's files of entries, in order (of two entries for one text, the
/// later one counts).
fn catalogue(entries: &'static [&'static [(&'static str, &'static str)]]) -> &'static Catalogue {
    static ZH: OnceLock<Catalogue> = OnceLock::new();
    ZH.get_or_init(|| {
        let mut exact = HashMap::new();
        let mut templates = Vec::new();
        for &(en, tr) in entries.iter().flat_map(|file| file.iter()) {
            if en.contains("{}") || en.contains("{#}") {
                let mut parts = vec![String::new()];
                let mut numeric = Vec::new();
                let mut rest = en;
                while let Some(i) = rest.find('{') {
                    let kind = if rest[i..].starts_with("{}") {
                        Some(false)
                    } else if rest[i..].starts_with("{#}") {
                        Some(true)
                    } else {
                        None
                    };
                    let last = parts.last_mut().expect("one part");
                    last.push_str(&rest[..i]);
                    match kind {
                        Some(n) => {
                            numeric.push(n);
                            parts.push(String::new());
                            rest = &rest[i + if n { 3 } else { 2 }..];
                        }
                        None => {
                            last.push('{');
                            rest = &rest[i + 1..];
                        }
                    }
                }
                parts.last_mut().expect("one part").push_str(rest);
                templates.push(Template {
                    parts,
                    numeric,
                    translation: tr,
                });
            } else {
                exact.insert(en, tr);
            }
        }
        templates
            .sort_by_key(|t| std::cmp::Reverse(t.parts.iter().map(|p| p.len()).sum::<usize>()));
        Catalogue { exact, templates }
    })
}

impl Catalogue {
    fn translate(&self, text: &str) -> String {
        // Leading and trailing spaces (indented row labels) stay as they are.
        let core = text.trim();
        if core.len() != text.len() && !core.is_empty() {
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            return format!("{lead}{}{trail}", self.translate(core));
        }
        if let Some(tr) = STUDY.with(|s| s.borrow().get(text).cloned()) {
            return tr;
        }
        if let Some(tr) = self.exact.get(text) {
            return (*tr).to_string();
        }
        if let Some(tr) = self.template(text) {
            return tr;
        }
        // Sentences joined in one note are translated one by one (no space between
        // translated sentences, as Chinese writes them).
        if let Some(split) = split_sentences(text) {
            let mut out = String::new();
            let mut any = false;
            for s in split {
                let core = s.trim_end();
                let tr = self
                    .exact
                    .get(core)
                    .map(|t| t.to_string())
                    .or_else(|| self.template(core));
                match tr {
                    Some(t) => {
                        out.push_str(&t);
                        any = true;
                    }
                    None => out.push_str(s),
                }
            }
            if any {
                return out;
            }
        }
        // A list of entries ("leverage, cooks_d, dffits") item by item.
        if text.contains(", ") {
            let items: Vec<&str> = text.split(", ").collect();
            let tr: Vec<String> = items
                .iter()
                .map(|i| {
                    self.exact
                        .get(i)
                        .map_or_else(|| i.to_string(), |t| t.to_string())
                })
                .collect();
            if tr.iter().zip(&items).any(|(a, b)| a != b) {
                return tr.join("，");
            }
        }
        text.to_string()
    }

    fn template(&self, text: &str) -> Option<String> {
        self.templates.iter().find_map(|t| {
            let args = matches(&t.parts, &t.numeric, text)?;
            let args: Vec<String> = args.iter().map(|a| self.translate_part(a)).collect();
            Some(fill(t.translation, &args))
        })
    }

    /// A varying part: translated when it is an entry or a template's text, kept otherwise;
    /// a list ("a, b, c") item by item.
    fn translate_part(&self, part: &str) -> String {
        if part.trim().is_empty() || part.chars().all(|c| !c.is_alphabetic()) {
            return part.to_string();
        }
        let whole = self.translate(part);
        if whole != part || !part.contains(", ") {
            return whole;
        }
        part.split(", ")
            .map(|p| self.translate(p))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Split "First sentence. Second one." at sentence ends followed by a space and a capital;
/// None when there is one sentence.
fn split_sentences(text: &str) -> Option<Vec<&str>> {
    let b = text.as_bytes();
    let mut cuts = Vec::new();
    for i in 1..b.len().saturating_sub(1) {
        if matches!(b[i - 1], b'.' | b'?' | b'!')
            && b[i] == b' '
            && (b[i + 1].is_ascii_uppercase() || b[i + 1] == b'(')
        {
            // Not after an abbreviation of one or two letters ("e.g.", "vs.", "p.").
            let word: String = text[..i - 1]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic() || *c == '.')
                .collect();
            let letters = word.chars().filter(|c| c.is_alphabetic()).count();
            if b[i - 1] == b'.' && (1..=2).contains(&letters) {
                continue;
            }
            cuts.push(i + 1);
        }
    }
    if cuts.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        out.push(&text[from..c]);
        from = c;
    }
    out.push(&text[from..]);
    Some(out)
}

/// The varying parts of `text` when it has the template's literal parts in order; a `{#}`
/// part must be a number, and no part spans two sentences. Each literal is tried at every
/// place it occurs (a label may itself hold " (" or ", ").
fn matches(parts: &[String], numeric: &[bool], text: &str) -> Option<Vec<String>> {
    let first = parts.first()?;
    let rest = text.strip_prefix(first.as_str())?;
    let mut args = Vec::new();
    if fit(&parts[1..], numeric, rest, &mut args) {
        Some(args)
    } else {
        None
    }
}

/// Whether `text` is: an argument, then `parts[0]`, an argument, `parts[1]`, ... ending with
/// the last part; the arguments go to `args`.
fn fit(parts: &[String], numeric: &[bool], text: &str, args: &mut Vec<String>) -> bool {
    let Some((lit, later)) = parts.split_first() else {
        return text.is_empty();
    };
    let ok =
        |a: &str| !a.is_empty() && split_sentences(a).is_none() && (!numeric[0] || is_number(a));
    if later.is_empty() {
        return match text.strip_suffix(lit.as_str()) {
            Some(a) if ok(a) => {
                args.push(a.to_string());
                true
            }
            _ => false,
        };
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(lit.as_str()).map(|i| i + from) {
        let a = &text[..at];
        if ok(a) {
            args.push(a.to_string());
            if fit(later, &numeric[1..], &text[at + lit.len()..], args) {
                return true;
            }
            args.pop();
        }
        from = at + lit.len().max(1);
        if from > text.len() {
            break;
        }
    }
    false
}

/// A number as reports print it: "3.412", "-0.06", "+0.43", "95", "12.5%", "1,009".
fn is_number(a: &str) -> bool {
    let a = a.trim_end_matches('%');
    a.parse::<f64>().is_ok()
        || (!a.is_empty() && a.chars().all(|c| c.is_ascii_digit() || ",.-+".contains(c)))
}

/// Put `args` into a translation: `{}` in order, `{0}`, `{1}`... by position.
fn fill(tr: &str, args: &[String]) -> String {
    let mut out = String::new();
    let mut next = 0;
    let mut rest = tr;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if after[..close].chars().all(|c| c.is_ascii_digit()) => {
                let index = if close == 0 {
                    next += 1;
                    next - 1
                } else {
                    after[..close].parse().unwrap_or(0)
                };
                out.push_str(args.get(index).map_or("", String::as_str));
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Translate the text of every `<text>` element of an SVG chart.
pub fn translate_svg(svg: &str) -> String {
    if current() == Language::En {
        return svg.to_string();
    }
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(open) = rest.find("<text") {
        let Some(gt) = rest[open..].find('>') else {
            break;
        };
        let body_start = open + gt + 1;
        let Some(close) = rest[body_start..].find("</text>") else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        out.push_str(&rest[..body_start]);
        let text = unescape(body.trim());
        let tr = t(&text);
        if tr == text {
            out.push_str(body);
        } else {
            out.push_str(&super::tables::html_escape(&tr));
        }
        rest = &rest[body_start + close..];
    }
    out.push_str(rest);
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_texts_templates_and_sentences_translate() {
        let _zh = use_language(Language::Zh);
        assert_eq!(t("Coefficients"), "系数");
        assert_eq!(t("not in the catalogue"), "not in the catalogue");
        // A template whose varying part is itself an entry.
        assert_eq!(t("Coefficients — Model Summary"), "系数 — 模型摘要");
        assert_eq!(fill("{1} 与 {0}", &["a".into(), "b".into()]), "b 与 a");
        assert_eq!(
            split_sentences("One thing. Another (e.g. this). Last."),
            Some(vec!["One thing. ", "Another (e.g. this). ", "Last."])
        );
        drop(_zh);
        assert_eq!(t("Coefficients"), "Coefficients");
    }
}
