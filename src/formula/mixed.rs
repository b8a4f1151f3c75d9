//! lme4-style formulas with one random intercept: `y ~ x1 + x2 + (1 | group)`, split into
//! the fixed part (a Wilkinson [`Formula`]) and the grouping variable.

use super::parse::{Formula, FormulaError};

/// A mixed-model formula: the fixed part and the grouping variable of its random intercept.
#[derive(Clone, Debug, PartialEq)]
pub struct MixedFormula {
    pub fixed: Formula,
    pub group: String,
}

impl MixedFormula {
    /// Parse `y ~ x1 + x2 + (1 | group)` (lme4 notation). Exactly one random term, a random
    /// intercept, is supported; random slopes `(x | g)` are refused with a message saying so.
    pub fn parse(src: &str) -> Result<MixedFormula, FormulaError> {
        let err = |message: String, position: usize| FormulaError {
            message,
            formula: src.to_string(),
            position,
        };
        let Some(tilde) = src.find('~') else {
            return Err(err(
                "a formula needs '~', e.g. \"y ~ x1 + x2 + (1 | center_id)\"".into(),
                0,
            ));
        };
        // Split the right-hand side at top-level '+' (outside parentheses and backticks).
        let rhs = &src[tilde + 1..];
        let mut chunks: Vec<(usize, String)> = vec![];
        let (mut depth, mut tick, mut start) = (0i32, false, 0usize);
        for (i, c) in rhs.char_indices() {
            match c {
                '`' => tick = !tick,
                '(' if !tick => depth += 1,
                ')' if !tick => depth -= 1,
                '+' if !tick && depth == 0 => {
                    chunks.push((start, rhs[start..i].to_string()));
                    start = i + 1;
                }
                _ => {}
            }
        }
        chunks.push((start, rhs[start..].to_string()));
        let mut group = None;
        let mut fixed: Vec<String> = vec![];
        for (at, chunk) in chunks {
            let pos = src[..tilde + 1 + at].chars().count();
            let t = chunk.trim();
            if !t.contains('|') || t.starts_with('`') && t.ends_with('`') {
                fixed.push(t.to_string());
                continue;
            }
            let inner = t
                .strip_prefix('(')
                .and_then(|x| x.strip_suffix(')'))
                .ok_or_else(|| err(format!("a random term is written in parentheses, e.g. (1 | center_id); found \"{t}\""), pos))?;
            let (lhs, g) = inner.split_once('|').expect("contains |");
            let g = g.trim().trim_start_matches('|').trim();
            if lhs.trim() != "1" {
                return Err(err(
                    format!(
                        "only random intercepts (1 | group) are supported; \"({})\" asks for random slopes",
                        inner.trim()
                    ),
                    pos,
                ));
            }
            let g = g
                .strip_prefix('`')
                .and_then(|x| x.strip_suffix('`'))
                .unwrap_or(g);
            if g.is_empty() || g.contains(['(', ')', '+', ':', '*', '/']) {
                return Err(err(
                    format!(
                        "the grouping factor of ({}) must be one column name",
                        inner.trim()
                    ),
                    pos,
                ));
            }
            if group.replace(g.to_string()).is_some() {
                return Err(err("only one random term is supported".into(), pos));
            }
        }
        let Some(group) = group else {
            return Err(err(
                "a mixed model needs a random intercept, e.g. \"y ~ x1 + (1 | center_id)\"".into(),
                src.chars().count().saturating_sub(1),
            ));
        };
        let fixed_src = format!(
            "{}~ {}",
            &src[..tilde],
            if fixed.is_empty() {
                "1".to_string()
            } else {
                fixed.join(" + ")
            }
        );
        let fixed = Formula::parse(&fixed_src).map_err(|e| FormulaError {
            formula: src.to_string(),
            ..e
        })?;
        if fixed.variables().iter().any(|v| *v == group) {
            return Err(err(
                format!("the grouping variable {group} also appears among the fixed effects"),
                0,
            ));
        }
        Ok(MixedFormula { fixed, group })
    }
}

#[cfg(test)]
mod tests {
    use super::MixedFormula;

    #[test]
    fn a_random_intercept_is_split_from_the_fixed_part() {
        let m = MixedFormula::parse("y ~ x1 + (1 | center_id) + C(d)").unwrap();
        assert_eq!(m.group, "center_id");
        assert_eq!(m.fixed.variables(), vec!["y", "x1", "d"]);
        let m = MixedFormula::parse("y ~ (1|`中心`)").unwrap();
        assert_eq!(m.group, "中心");
    }

    #[test]
    fn random_slopes_and_missing_random_terms_are_refused() {
        let e = MixedFormula::parse("y ~ x + (x | g)").unwrap_err();
        assert!(e.message.contains("only random intercepts"), "{e}");
        let e = MixedFormula::parse("y ~ x").unwrap_err();
        assert!(e.message.contains("needs a random intercept"), "{e}");
    }
}
