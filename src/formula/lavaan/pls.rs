//! Reading a parsed lavaan model text as a PLS path model: its blocks (Mode A `=~`, Mode B
//! `<~`) and structural paths.

use super::{LavaanError, Modifier, Op, Syntax};

/// What a model text means for PLS path modelling: blocks (`f =~ x1 + x2` Mode A, `f <~ x1 +
/// x2` Mode B) and structural paths (`y ~ f + g`); an observed variable in a path that has no
/// block becomes a single-indicator construct of its own name.
#[derive(Clone, Debug, PartialEq)]
pub struct PlsModel {
    /// In order of appearance.
    pub blocks: Vec<PlsBlock>,
    /// (from, to, line).
    pub paths: Vec<(String, String, usize)>,
}

/// One block of a PLS model text.
#[derive(Clone, Debug, PartialEq)]
pub struct PlsBlock {
    pub name: String,
    /// `<~` (Mode B).
    pub formative: bool,
    pub items: Vec<String>,
    /// The line of the model text (that of its first path for a single-indicator construct
    /// made from an observed variable).
    pub line: usize,
}

impl PlsModel {
    /// The model line that best names a construct: its block's.
    pub fn line_of(&self, construct: &str) -> Option<usize> {
        self.blocks
            .iter()
            .find(|b| b.name == construct)
            .map(|b| b.line)
    }
}

/// Read a parsed model text as a PLS path model (see [`PlsModel`]).
pub fn pls_model(syntax: &Syntax) -> Result<PlsModel, LavaanError> {
    let at_line = |line: usize, message: String| LavaanError {
        line,
        column: 1,
        message,
    };
    if let Some(d) = syntax.defined.first() {
        return Err(at_line(
            d.line,
            format!(
                "'{} := ...': PLS computes every total and specific indirect effect itself; leave defined parameters out",
                d.name
            ),
        ));
    }
    let mut m = PlsModel {
        blocks: Vec::new(),
        paths: Vec::new(),
    };
    for s in &syntax.statements {
        if let Some(t) = s.rhs.iter().find(|t| t.modifier != Modifier::None) {
            return Err(at_line(
                s.line,
                format!(
                    "{}: PLS takes no labels, fixed values or NA* modifiers (every weight and path is estimated)",
                    t.name
                ),
            ));
        }
        match s.op {
            Op::Covary => {
                return Err(at_line(
                    s.line,
                    format!(
                        "'{} ~~ ...': PLS models no variances or covariances; write blocks (=~, <~) and paths (~)",
                        s.lhs
                    ),
                ));
            }
            Op::Measure | Op::Form => {
                if m.blocks.iter().any(|b| b.name == s.lhs) {
                    return Err(at_line(
                        s.line,
                        format!(
                            "{} has a block already: give all its indicators on one line",
                            s.lhs
                        ),
                    ));
                }
                for (k, t) in s.rhs.iter().enumerate() {
                    if s.rhs[..k].iter().any(|u| u.name == t.name) {
                        return Err(at_line(
                            s.line,
                            format!("{} appears twice in the block of {}", t.name, s.lhs),
                        ));
                    }
                    if let Some(b) = m.blocks.iter().find(|b| b.items.contains(&t.name)) {
                        return Err(at_line(
                            s.line,
                            format!(
                                "{} is an indicator of {} already: each indicator belongs to one block",
                                t.name, b.name
                            ),
                        ));
                    }
                }
                m.blocks.push(PlsBlock {
                    name: s.lhs.clone(),
                    formative: s.op == Op::Form,
                    items: s.rhs.iter().map(|t| t.name.clone()).collect(),
                    line: s.line,
                });
            }
            Op::Regress => {
                for t in &s.rhs {
                    if t.name == s.lhs {
                        return Err(at_line(s.line, format!("{} cannot predict itself", s.lhs)));
                    }
                    if !m.paths.iter().any(|p| p.0 == t.name && p.1 == s.lhs) {
                        m.paths.push((t.name.clone(), s.lhs.clone(), s.line));
                    }
                }
            }
        }
    }
    if m.paths.is_empty() {
        return Err(at_line(
            syntax.statements[0].line,
            "no structural path: a PLS path model needs at least one 'y ~ x' line".into(),
        ));
    }
    let names: Vec<(String, usize)> = m
        .paths
        .iter()
        .flat_map(|(f, t, l)| [(f.clone(), *l), (t.clone(), *l)])
        .collect();
    for b in &m.blocks {
        if !names.iter().any(|n| n.0 == b.name) {
            return Err(at_line(
                b.line,
                format!(
                    "{} takes part in no path: add it to a 'y ~ x' line or leave its block out",
                    b.name
                ),
            ));
        }
    }
    for (n, line) in names {
        if !m.blocks.iter().any(|b| b.name == n) {
            if let Some(b) = m.blocks.iter().find(|b| b.items.contains(&n)) {
                return Err(at_line(
                    line,
                    format!("{n} is an indicator of {}: a path joins constructs", b.name),
                ));
            }
            m.blocks.push(PlsBlock {
                name: n.clone(),
                formative: false,
                items: vec![n],
                line,
            });
        }
    }
    Ok(m)
}
