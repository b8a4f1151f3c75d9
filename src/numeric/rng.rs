//! A small, fully specified random number generator, so that a seed gives the same data on
//! every platform and every version of bprstat (library RNGs may change their streams).
//!
//! # Formula
//! xoshiro256** (Blackman and Vigna 2018) seeded by SplitMix64; uniforms from the top 53
//! bits; standard normals by the Box-Muller transform (both values used), or — where tens of
//! millions are drawn (the league tables' rank draws) — by the ziggurat method
//! (Marsaglia and Tsang 2000, in Doornik's 2005 form ZIGNOR: 128 layers, the layer and the
//! uniform from separate bits of one 64-bit output), a few times faster.

/// SplitMix64's increment, 2^64 / φ.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// xoshiro256** state.
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    /// The `k`-th of a seed's independent streams, for work shared among threads (stream 0
    /// is `Rng::new(seed)`). SplitMix64 seeds a generator from its four outputs after `seed`,
    /// seed + γ, …, seed + 4γ; stream k starts at seed + 4kγ, so no two streams of a seed
    /// are seeded from the same SplitMix outputs.
    pub fn stream(seed: u64, k: u64) -> Rng {
        Rng::new(seed.wrapping_add(k.wrapping_mul(4).wrapping_mul(GOLDEN)))
    }

    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(GOLDEN);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
            spare: None,
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Standard normal.
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let t = 2.0 * std::f64::consts::PI * u2;
        self.spare = Some(r * t.sin());
        r * t.cos()
    }
}

/// The ziggurat's layers (Doornik 2005, ZIGNOR): x_i, the right edges of 128 layers of equal
/// area V under the normal density's exp(−x²/2) (x_0 = V / f(R), x_1 = R, x_128 = 0), and
/// x_{i+1} / x_i, the share of layer i wholly under the curve.
struct Ziggurat {
    x: [f64; ZIG_LAYERS + 1],
    ratio: [f64; ZIG_LAYERS],
}

const ZIG_LAYERS: usize = 128;
const ZIG_R: f64 = 3.442_619_855_899;
const ZIG_V: f64 = 9.912_563_035_262_17e-3;

fn ziggurat() -> &'static Ziggurat {
    static Z: std::sync::OnceLock<Ziggurat> = std::sync::OnceLock::new();
    Z.get_or_init(|| {
        let mut x = [0.0; ZIG_LAYERS + 1];
        let mut f = (-0.5 * ZIG_R * ZIG_R).exp();
        x[0] = ZIG_V / f;
        x[1] = ZIG_R;
        for i in 2..ZIG_LAYERS {
            x[i] = (-2.0 * (ZIG_V / x[i - 1] + f).ln()).sqrt();
            f = (-0.5 * x[i] * x[i]).exp();
        }
        let mut ratio = [0.0; ZIG_LAYERS];
        for i in 0..ZIG_LAYERS {
            ratio[i] = x[i + 1] / x[i];
        }
        Ziggurat { x, ratio }
    })
}

impl Rng {
    /// Standard normal by the ziggurat method (see the module's notes): a stream of its own,
    /// distinct from [`Rng::normal`]'s.
    pub fn ziggurat_normal(&mut self) -> f64 {
        let z = ziggurat();
        loop {
            let bits = self.next_u64();
            let i = (bits & 0x7f) as usize;
            // Uniform on [-1, 1) from the top 53 bits.
            let u = (bits >> 11) as f64 * (2.0 / (1u64 << 53) as f64) - 1.0;
            if u.abs() < z.ratio[i] {
                return u * z.x[i];
            }
            if i == 0 {
                // The tail beyond R (Marsaglia 1964).
                loop {
                    let a = (1.0 - self.uniform()).ln() / ZIG_R;
                    let b = (1.0 - self.uniform()).ln();
                    if -2.0 * b >= a * a {
                        return if u < 0.0 { a - ZIG_R } else { ZIG_R - a };
                    }
                }
            }
            let x = u * z.x[i];
            let f0 = (-0.5 * (z.x[i] * z.x[i] - x * x)).exp();
            let f1 = (-0.5 * (z.x[i + 1] * z.x[i + 1] - x * x)).exp();
            if f1 + self.uniform() * (f0 - f1) < 1.0 {
                return x;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normals_have_mean_zero_and_unit_variance() {
        let mut r = Rng::new(42);
        let n = 200_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        // 5 standard errors: |mean| < 5/sqrt(n) = 0.0112; var within 5 * sqrt(2/n) = 0.0158.
        assert!(mean.abs() < 0.0112, "{mean}");
        assert!((var - 1.0).abs() < 0.0158, "{var}");
    }

    #[test]
    fn ziggurat_normals_follow_the_normal_distribution() {
        // Kolmogorov-Smirnov distance of 400,000 draws from Phi (the 0.1% critical value is
        // 1.95 / sqrt(n) = 0.0031), the share beyond the ziggurat's base R = 3.4426 (the tail
        // drawn separately; expected 2 (1 - Phi(R)) = 5.76e-4, 5 SE = 1.9e-4), and the moments.
        use statrs::distribution::{ContinuousCDF, Normal};
        let phi = Normal::new(0.0, 1.0).unwrap();
        let mut r = Rng::new(9);
        let n = 400_000;
        let mut xs: Vec<f64> = (0..n).map(|_| r.ziggurat_normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        assert!(mean.abs() < 5.0 / (n as f64).sqrt(), "{mean}");
        assert!((var - 1.0).abs() < 5.0 * (2.0 / n as f64).sqrt(), "{var}");
        let tail = xs.iter().filter(|x| x.abs() > ZIG_R).count() as f64 / n as f64;
        let want = 2.0 * (1.0 - phi.cdf(ZIG_R));
        assert!(
            (tail - want).abs() < 5.0 * (want / n as f64).sqrt(),
            "{tail} vs {want}"
        );
        xs.sort_by(f64::total_cmp);
        let d = xs
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let f = phi.cdf(x);
                (f - i as f64 / n as f64)
                    .abs()
                    .max(((i + 1) as f64 / n as f64 - f).abs())
            })
            .fold(0.0, f64::max);
        assert!(d < 1.95 / (n as f64).sqrt(), "KS distance {d}");
        // The layers' edges: x_1 = R, decreasing, the last above 0 (Doornik's constants).
        let z = ziggurat();
        assert_eq!(z.x[1], ZIG_R);
        assert!(z.x.windows(2).all(|w| w[0] > w[1]));
        assert!(z.x[ZIG_LAYERS - 1] > 0.0 && z.x[ZIG_LAYERS] == 0.0);
    }

    #[test]
    fn splitmix_seeding_matches_the_reference_stream() {
        // splitmix64 from seed 0 yields e220a8397b1dcdaf as its first output (Vigna's reference).
        let r = Rng::new(0);
        assert_eq!(r.s[0], 0xe220a8397b1dcdaf);
    }
}
