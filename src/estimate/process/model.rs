//! The numbered models of Hayes' PROCESS that bprstat fits, as equations: which variables
//! and products enter the equation of each mediator and of Y, and the indirect paths.
//!
//! | model | mediators | moderated paths (W, Z)                        |
//! |-------|-----------|-----------------------------------------------|
//! | 1     | none      | X -> Y by W                                   |
//! | 2     | none      | X -> Y by W and by Z (additive)               |
//! | 3     | none      | X -> Y by W, Z and W x Z (three-way)          |
//! | 4     | parallel  | none                                          |
//! | 5     | parallel  | X -> Y (direct) by W                          |
//! | 6     | serial    | none                                          |
//! | 7     | parallel  | X -> M (a paths) by W                         |
//! | 8     | parallel  | a paths and the direct path by W              |
//! | 14    | parallel  | M -> Y (b paths) by W                         |
//! | 15    | parallel  | b paths and the direct path by W              |
//! | 58    | parallel  | a and b paths by W                            |
//! | 59    | parallel  | a, b and direct paths by W                    |
//!
//! Covariates enter every equation. Terms are ordered as PROCESS 2 prints them (earlier
//! mediators, X, moderators, products, covariates); products are named Int_1, Int_2, ...
//! within each equation, as PROCESS 3 and later do.

/// A variable in its role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Var {
    X,
    /// Mediator j (0-based).
    M(usize),
    W,
    Z,
    /// Covariate j (0-based).
    Cov(usize),
    Y,
}

/// How the mediators are arranged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mediators {
    None,
    Parallel,
    Serial,
}

/// The structure of a numbered model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Structure {
    pub number: u8,
    pub mediators: Mediators,
    /// X -> M moderated by W.
    pub a_by_w: bool,
    /// M -> Y moderated by W.
    pub b_by_w: bool,
    /// X -> Y moderated by W.
    pub direct_by_w: bool,
    /// X -> Y moderated by Z (models 2 and 3).
    pub direct_by_z: bool,
    /// X x W x Z (model 3).
    pub three_way: bool,
}

/// The models bprstat fits.
pub const MODELS: [u8; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 58, 59];

/// Most mediators: PROCESS's limits (10 in parallel, 6 in series).
pub const MAX_PARALLEL: usize = 10;
pub const MAX_SERIAL: usize = 6;

/// The structure of model `number`, or None when bprstat does not fit it.
pub fn structure(number: u8) -> Option<Structure> {
    let s = |mediators, a, b, d| Structure {
        number,
        mediators,
        a_by_w: a,
        b_by_w: b,
        direct_by_w: d,
        direct_by_z: false,
        three_way: false,
    };
    use Mediators::*;
    Some(match number {
        1 => s(None, false, false, true),
        2 => Structure {
            direct_by_z: true,
            ..s(None, false, false, true)
        },
        3 => Structure {
            direct_by_z: true,
            three_way: true,
            ..s(None, false, false, true)
        },
        4 => s(Parallel, false, false, false),
        5 => s(Parallel, false, false, true),
        6 => s(Serial, false, false, false),
        7 => s(Parallel, true, false, false),
        8 => s(Parallel, true, false, true),
        14 => s(Parallel, false, true, false),
        15 => s(Parallel, false, true, true),
        58 => s(Parallel, true, true, false),
        59 => s(Parallel, true, true, true),
        _ => return Option::None,
    })
}

impl Structure {
    pub fn needs_w(&self) -> bool {
        self.a_by_w || self.b_by_w || self.direct_by_w
    }
    pub fn needs_z(&self) -> bool {
        self.direct_by_z
    }
    /// True when some indirect effect depends on W.
    pub fn moderated_indirect(&self) -> bool {
        self.a_by_w || self.b_by_w
    }

    /// The equations: one per mediator, then Y. Each is (outcome, terms); a term is the list
    /// of variables multiplied (one variable for a main effect). The constant is implicit.
    pub fn equations(&self, k: usize, covariates: usize) -> Vec<(Var, Vec<Vec<Var>>)> {
        let covs = (0..covariates).map(|c| vec![Var::Cov(c)]);
        let mut out = Vec::new();
        for j in 0..k {
            let mut t: Vec<Vec<Var>> = Vec::new();
            if self.mediators == Mediators::Serial {
                t.extend((0..j).map(|i| vec![Var::M(i)]));
            }
            t.push(vec![Var::X]);
            if self.a_by_w {
                t.push(vec![Var::W]);
                t.push(vec![Var::X, Var::W]);
            }
            t.extend(covs.clone());
            out.push((Var::M(j), t));
        }
        let mut t: Vec<Vec<Var>> = (0..k).map(|j| vec![Var::M(j)]).collect();
        t.push(vec![Var::X]);
        if self.b_by_w || self.direct_by_w {
            t.push(vec![Var::W]);
        }
        if self.direct_by_z {
            t.push(vec![Var::Z]);
        }
        if self.direct_by_w {
            t.push(vec![Var::X, Var::W]);
        }
        if self.direct_by_z {
            t.push(vec![Var::X, Var::Z]);
        }
        if self.three_way {
            t.push(vec![Var::W, Var::Z]);
            t.push(vec![Var::X, Var::W, Var::Z]);
        }
        if self.b_by_w {
            t.extend((0..k).map(|j| vec![Var::M(j), Var::W]));
        }
        t.extend(covs);
        out.push((Var::Y, t));
        out
    }

    /// The indirect paths, each the mediators passed through in order. Parallel: X -> Mj -> Y;
    /// serial: every chain X -> Mi -> ... -> Mj -> Y with increasing indices, in lexicographic
    /// order (PROCESS's Ind1, Ind2, ... for two mediators: M1; M1, M2; M2).
    pub fn paths(&self, k: usize) -> Vec<Vec<usize>> {
        match self.mediators {
            Mediators::None => Vec::new(),
            Mediators::Parallel => (0..k).map(|j| vec![j]).collect(),
            Mediators::Serial => {
                let mut all: Vec<Vec<usize>> = (1u32..(1 << k))
                    .map(|mask| (0..k).filter(|j| mask & (1 << j) != 0).collect())
                    .collect();
                all.sort();
                all
            }
        }
    }

    /// The products whose R2-change test PROCESS prints for an equation with these terms:
    /// each product alone, with model 2's two products also jointly ("both"); model 3 only
    /// its highest-order product.
    pub fn r2_change_sets(&self, terms: &[Vec<Var>]) -> Vec<(String, Vec<usize>)> {
        let products: Vec<usize> = (0..terms.len()).filter(|&t| terms[t].len() > 1).collect();
        if self.three_way {
            return products
                .iter()
                .filter(|&&t| terms[t].len() == 3)
                .map(|&t| (String::new(), vec![t]))
                .collect();
        }
        let mut sets: Vec<(String, Vec<usize>)> =
            products.iter().map(|&t| (String::new(), vec![t])).collect();
        if self.direct_by_z && products.len() == 2 {
            sets.push(("both".into(), products));
        }
        sets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_model_has_a_structure_and_no_other() {
        for m in 0..=100u8 {
            assert_eq!(structure(m).is_some(), MODELS.contains(&m), "model {m}");
        }
    }

    #[test]
    fn serial_paths_for_three_mediators_are_the_seven_chains() {
        let s = structure(6).unwrap();
        let p = s.paths(3);
        assert_eq!(
            p,
            vec![
                vec![0],
                vec![0, 1],
                vec![0, 1, 2],
                vec![0, 2],
                vec![1],
                vec![1, 2],
                vec![2]
            ]
        );
    }

    #[test]
    fn model_58_moderates_both_paths_of_each_mediator() {
        let s = structure(58).unwrap();
        let eq = s.equations(2, 1);
        assert_eq!(
            eq[0].1,
            vec![
                vec![Var::X],
                vec![Var::W],
                vec![Var::X, Var::W],
                vec![Var::Cov(0)]
            ]
        );
        assert_eq!(
            eq[2].1,
            vec![
                vec![Var::M(0)],
                vec![Var::M(1)],
                vec![Var::X],
                vec![Var::W],
                vec![Var::M(0), Var::W],
                vec![Var::M(1), Var::W],
                vec![Var::Cov(0)]
            ]
        );
    }
}
