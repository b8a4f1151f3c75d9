//! The RAM form of a model (McArdle and McDonald): the matrices A and S of a parameter table
//! with start values, the implied covariance, its derivatives and the expected information.

use crate::numeric::linalg::invert;
use crate::results::sem::ParTable;
use ndarray::Array2;

#[derive(Clone, Copy, Debug)]
pub(super) enum Cell {
    A(usize, usize),
    S(usize, usize),
}

pub(super) struct Ram {
    pub(super) p: usize,
    pub(super) v: usize,
    /// Matrices with the fixed values in place.
    a0: Array2<f64>,
    s0: Array2<f64>,
    /// Cells of each free parameter.
    pub(super) cells: Vec<Vec<Cell>>,
}

pub(super) struct Implied {
    pub(super) sigma: Array2<f64>,
    e: Array2<f64>,
    pub(super) c: Array2<f64>,
}

impl Ram {
    pub(super) fn matrices(&self, t: &[f64]) -> (Array2<f64>, Array2<f64>) {
        let (mut a, mut s) = (self.a0.clone(), self.s0.clone());
        for (k, cells) in self.cells.iter().enumerate() {
            for c in cells {
                match *c {
                    Cell::A(i, j) => a[[i, j]] = t[k],
                    Cell::S(i, j) => {
                        s[[i, j]] = t[k];
                        s[[j, i]] = t[k];
                    }
                }
            }
        }
        (a, s)
    }
    pub(super) fn implied(&self, t: &[f64]) -> Option<Implied> {
        let (a, s) = self.matrices(t);
        let e = invert(&(Array2::<f64>::eye(self.v) - &a))?;
        let c = e.dot(&s).dot(&e.t());
        let sigma = c.slice(ndarray::s![..self.p, ..self.p]).to_owned();
        Some(Implied { sigma, e, c })
    }
    pub(super) fn dsigma(&self, k: usize, m: &Implied) -> Array2<f64> {
        let mut d = Array2::<f64>::zeros((self.p, self.p));
        for c in &self.cells[k] {
            self.add_dsigma(*c, m, &mut d);
        }
        d
    }
    /// ∂Σ/∂(one cell) = w (u_a u_b' + u_b u_a') for columns a, b of [`Ram::basis`]: a path
    /// A_ij gives e_i c_j' + c_j e_i', a covariance S_ij e_i e_j' + e_j e_i', a variance S_ii
    /// e_i e_i' (w = ½).
    pub(super) fn pair(&self, c: Cell) -> (usize, usize, f64) {
        match c {
            Cell::A(i, j) => (i, self.v + j, 1.0),
            Cell::S(i, j) if i == j => (i, i, 0.5),
            Cell::S(i, j) => (i, j, 1.0),
        }
    }
    /// Every free parameter's cells as [`Ram::pair`]s.
    pub(super) fn param_pairs(&self) -> Vec<Vec<(usize, usize, f64)>> {
        self.cells
            .iter()
            .map(|cs| cs.iter().map(|&c| self.pair(c)).collect())
            .collect()
    }
    /// ∂(½ tr(G Σ))/∂θ_k = Σ w (U'GU)[a, b] for every free parameter, G symmetric.
    pub(super) fn half_traces(&self, m: &Implied, gmat: &Array2<f64>) -> Vec<f64> {
        let u = self.basis(m);
        let gu = u.t().dot(&gmat.dot(&u));
        self.cells
            .iter()
            .map(|cs| {
                cs.iter()
                    .map(|&c| {
                        let (a, b, w) = self.pair(c);
                        w * gu[[a, b]]
                    })
                    .sum()
            })
            .collect()
    }
    /// The observed rows of E's columns, then of C's rows (as columns): p × 2v.
    pub(super) fn basis(&self, m: &Implied) -> Array2<f64> {
        Array2::from_shape_fn((self.p, 2 * self.v), |(x, k)| {
            if k < self.v {
                m.e[[x, k]]
            } else {
                m.c[[k - self.v, x]]
            }
        })
    }
    /// F_ML's gradient tr(K ∂Σ_k) for K = Σ⁻¹(Σ - S)Σ⁻¹ (twice [`Ram::half_traces`]) and
    /// the [`Ram::information`] of the free parameters.
    pub(super) fn scores(
        &self,
        m: &Implied,
        inv: &Array2<f64>,
        core: &Array2<f64>,
    ) -> (Vec<f64>, Array2<f64>) {
        let grad = self.half_traces(m, core).iter().map(|g| 2.0 * g).collect();
        (grad, self.information(m, inv))
    }
    /// The information tr(Σ⁻¹ ∂Σ_k Σ⁻¹ ∂Σ_l) of the free parameters. As every ∂Σ is a sum of
    /// rank-two terms (see [`Ram::pair`]), it comes from the Gram G = U'Σ⁻¹U of the basis:
    /// tr(Σ⁻¹ w(ab' + ba') Σ⁻¹ w'(xy' + yx')) = 2ww'(G_bx G_ya + G_by G_xa) — no p × p
    /// matrix per parameter.
    pub(super) fn information(&self, m: &Implied, inv: &Array2<f64>) -> Array2<f64> {
        let u = self.basis(m);
        let g = u.t().dot(&inv.dot(&u));
        let pairs = self.param_pairs();
        let q = pairs.len();
        let mut h = Array2::<f64>::zeros((q, q));
        for k in 0..q {
            for l in 0..=k {
                let v = pair_information(&g, &pairs[k], &pairs[l]);
                h[[k, l]] = v;
                h[[l, k]] = v;
            }
        }
        h
    }
    /// Add ∂Σ/∂(one cell) to `d`.
    fn add_dsigma(&self, c: Cell, m: &Implied, d: &mut Array2<f64>) {
        let p = self.p;
        {
            match c {
                Cell::A(i, j) => {
                    for x in 0..p {
                        for y in 0..p {
                            d[[x, y]] += m.e[[x, i]] * m.c[[j, y]] + m.e[[y, i]] * m.c[[j, x]];
                        }
                    }
                }
                Cell::S(i, j) => {
                    for x in 0..p {
                        for y in 0..p {
                            d[[x, y]] += if i == j {
                                m.e[[x, i]] * m.e[[y, i]]
                            } else {
                                m.e[[x, i]] * m.e[[y, j]] + m.e[[x, j]] * m.e[[y, i]]
                            };
                        }
                    }
                }
            }
        }
    }
}

/// tr(Σ⁻¹ ∂Σ_k Σ⁻¹ ∂Σ_l) for two parameters' cells as [`Ram::pair`]s, G = U'Σ⁻¹U.
pub(super) fn pair_information(
    g: &Array2<f64>,
    k: &[(usize, usize, f64)],
    l: &[(usize, usize, f64)],
) -> f64 {
    let mut t = 0.0;
    for &(a, b, w) in k {
        for &(x, y, w2) in l {
            t += 2.0 * w * w2 * (g[[b, x]] * g[[y, a]] + g[[b, y]] * g[[x, a]]);
        }
    }
    t
}

/// The RAM matrices of a parameter table (p observed and v nodes in all, q free parameters),
/// with the start values of the free parameters.
pub(super) fn build(
    pt: &ParTable,
    s: &Array2<f64>,
    node: &dyn Fn(&str) -> usize,
    p: usize,
    v: usize,
    q: usize,
) -> (Ram, Vec<f64>) {
    let mut a0 = Array2::<f64>::zeros((v, v));
    let mut s0 = Array2::<f64>::zeros((v, v));
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); q];
    let mut start = vec![f64::NAN; q];
    // Start values: marker-based loadings, half the observed variances, regressions and
    // covariances 0, exogenous observed moments at their sample values.
    let marker = |lat: &str| -> Option<usize> {
        pt.rows
            .iter()
            .find(|r| r.op == "=~" && r.lhs == lat)
            .map(|r| node(&r.rhs))
            .filter(|&i| i < p)
    };
    for r in &pt.rows {
        let (l, rr) = (node(&r.lhs), node(&r.rhs));
        let cell = match r.op.as_str() {
            "=~" => Cell::A(rr, l),
            "~" => Cell::A(l, rr),
            _ => Cell::S(l, rr),
        };
        match (r.free, r.fixed) {
            (_, Some(f)) => match cell {
                Cell::A(i, j) => a0[[i, j]] = f,
                Cell::S(i, j) => {
                    s0[[i, j]] = f;
                    s0[[j, i]] = f;
                }
            },
            (Some(k), None) => {
                cells[k].push(cell);
                if start[k].is_nan() {
                    start[k] = match (r.op.as_str(), cell) {
                        ("=~", _) => match marker(&r.lhs) {
                            Some(m) if rr < p && m != rr && !pt.std_lv => {
                                s[[rr, m]] / (0.5 * s[[m, m]])
                            }
                            _ if rr < p => (0.5 * s[[rr, rr]]).sqrt(),
                            _ => 1.0,
                        },
                        ("~~", Cell::S(i, j)) if r.exogenous => s[[i, j]],
                        ("~~", Cell::S(i, j)) if i == j => {
                            if i < p {
                                0.5 * s[[i, i]]
                            } else {
                                marker(&r.lhs).map_or(0.05, |m| 0.5 * s[[m, m]])
                            }
                        }
                        _ => 0.0,
                    };
                }
            }
            (None, None) => unreachable!("a row is free or fixed"),
        }
    }
    let ram = Ram {
        p,
        v,
        a0,
        s0,
        cells,
    };
    (ram, start)
}
