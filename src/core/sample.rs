//! Sampling on top of [`Rng::next_u64`]: bounded integers, unit floats, weighted choice, normal,
//! log-normal, Poisson, Zipf (rejection-inversion) and exact integer apportionment (SPEC §3 D-6, D-7).
//!
//! `rand`/`rand_distr` algorithms are deliberately not used: their outputs may change between versions,
//! which would change our bytes. Transcendentals come from `libm` so every platform agrees.

use crate::core::seed::Rng;

impl Rng {
    /// Uniform integer in `[0, n)`; `n == 0` yields 0. Lemire's method with rejection (unbiased).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let m = (self.next_u64() as u128) * (n as u128);
            if (m as u64) >= threshold {
                return (m >> 64) as u64;
            }
        }
    }

    /// Uniform integer in `[lo, hi]` (inclusive).
    #[inline]
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo.wrapping_add(self.below((hi.wrapping_sub(lo) as u64).wrapping_add(1)) as i64)
    }

    /// Uniform `usize` index in `[0, n)`.
    #[inline]
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform float in `[0, 1)` with 53 random bits.
    #[inline]
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform float in `[lo, hi)`.
    #[inline]
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element.
    #[inline]
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Index drawn with probability proportional to `weights` (integers, so the choice is exact).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut target = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if target < w as u64 {
                return i;
            }
            target -= w as u64;
        }
        weights.len() - 1
    }

    /// Fisher–Yates shuffle in place.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.index(i + 1));
        }
    }

    /// Index from a table of `(item, weight)` pairs.
    pub fn weighted_item<T: Copy>(&mut self, table: &[(T, u32)]) -> T {
        let total: u64 = table.iter().map(|&(_, w)| w as u64).sum();
        let mut target = self.below(total);
        for &(item, w) in table {
            if target < w as u64 {
                return item;
            }
            target -= w as u64;
        }
        table[table.len() - 1].0
    }

    /// Standard normal deviate (Box–Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.unit(); // (0, 1]
        let u2 = self.unit();
        (-2.0 * libm::log(u1)).sqrt() * libm::cos(2.0 * core::f64::consts::PI * u2)
    }

    /// Log-normal deviate with the given median and shape σ.
    pub fn log_normal(&mut self, median: f64, sigma: f64) -> f64 {
        median * libm::exp(sigma * self.normal())
    }

    /// Poisson deviate (Knuth's product method below 30, rounded normal approximation above).
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let limit = libm::exp(-lambda);
            let mut k = 0;
            let mut p = self.unit();
            while p > limit {
                k += 1;
                p *= self.unit();
            }
            k
        } else {
            let x = lambda + lambda.sqrt() * self.normal();
            if x < 0.0 { 0 } else { libm::round(x) as u64 }
        }
    }

    /// Zipf-distributed rank in `[0, n)` with exponent `s > 0` (rank 0 is the most likely).
    /// Rejection-inversion after Hörmann & Derflinger (1996); needs no tables.
    pub fn zipf(&mut self, n: u64, s: f64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let z = Zipf::new(n, s);
        z.sample(self)
    }
}

/// Precomputed constants of a Zipf distribution over ranks `1..=n`.
#[derive(Clone, Copy, Debug)]
pub struct Zipf {
    n: f64,
    s: f64,
    h_integral_x1: f64,
    h_integral_n: f64,
    threshold: f64,
}

impl Zipf {
    pub fn new(n: u64, s: f64) -> Self {
        let nf = n as f64;
        let h_integral_x1 = h_integral(1.5, s) - 1.0;
        let h_integral_n = h_integral(nf + 0.5, s);
        let threshold = 2.0 - h_integral_inv(h_integral(2.5, s) - h(2.0, s), s);
        Zipf {
            n: nf,
            s,
            h_integral_x1,
            h_integral_n,
            threshold,
        }
    }

    /// A 0-based rank.
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        loop {
            let u = self.h_integral_n + rng.unit() * (self.h_integral_x1 - self.h_integral_n);
            let x = h_integral_inv(u, self.s);
            let mut k = libm::floor(x + 0.5);
            if k < 1.0 {
                k = 1.0;
            } else if k > self.n {
                k = self.n;
            }
            if k - x <= self.threshold || u >= h_integral(k + 0.5, self.s) - h(k, self.s) {
                return k as u64 - 1;
            }
        }
    }
}

fn h(x: f64, s: f64) -> f64 {
    libm::exp(-s * libm::log(x))
}

fn h_integral(x: f64, s: f64) -> f64 {
    let log_x = libm::log(x);
    helper2((1.0 - s) * log_x) * log_x
}

fn h_integral_inv(x: f64, s: f64) -> f64 {
    let mut t = x * (1.0 - s);
    if t < -1.0 {
        t = -1.0;
    }
    libm::exp(helper1(t) * x)
}

/// `ln(1 + x) / x`, accurate near 0.
fn helper1(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        libm::log1p(x) / x
    } else {
        1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }
}

/// `(exp(x) - 1) / x`, accurate near 0.
fn helper2(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        libm::expm1(x) / x
    } else {
        1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x))
    }
}

/// Splits `total` into integer parts proportional to `weights` by cumulative rounding:
/// `c_i = ⌊T·W(≤i)/W⌋ − ⌊T·W(<i)/W⌋`, so the parts always sum to exactly `total`.
pub fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| w as u128).sum();
    let mut out = Vec::with_capacity(weights.len());
    if sum == 0 {
        out.resize(weights.len(), 0);
        if let Some(first) = out.first_mut() {
            *first = total;
        }
        return out;
    }
    let mut cumulative: u128 = 0;
    let mut previous: u64 = 0;
    for &w in weights {
        cumulative += w as u128;
        let upto = ((total as u128) * cumulative / sum) as u64;
        out.push(upto - previous);
        previous = upto;
    }
    out
}

/// The part of `total` that cumulative rounding gives to item `i`, without building the whole vector,
/// given the prefix sums `before = W(<i)` and `upto = W(≤i)` and the grand total `sum`.
#[inline]
pub fn apportion_one(total: u64, before: u128, upto: u128, sum: u128) -> u64 {
    if sum == 0 {
        return 0;
    }
    ((total as u128 * upto / sum) - (total as u128 * before / sum)) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::seed::StreamKey;

    #[test]
    fn apportionment_sums_exactly() {
        for total in [0u64, 1, 7, 100, 12_345] {
            let parts = apportion(total, &[3, 0, 5, 11, 1]);
            assert_eq!(parts.iter().sum::<u64>(), total);
        }
        assert_eq!(apportion(10, &[1, 1]), vec![5, 5]);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let key = StreamKey::new(1, "test.below");
        let mut rng = key.rng(0);
        let mut seen = [0u32; 7];
        for _ in 0..7_000 {
            seen[rng.below(7) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 800 && c < 1200), "{seen:?}");
    }

    #[test]
    fn log_normal_median_is_close() {
        let key = StreamKey::new(3, "test.lognormal");
        let mut values: Vec<f64> = (0..20_001)
            .map(|i| key.rng(i).log_normal(100.0, 1.0))
            .collect();
        values.sort_by(f64::total_cmp);
        let median = values[10_000];
        assert!((median - 100.0).abs() < 5.0, "median {median}");
    }

    #[test]
    fn normal_moments() {
        let key = StreamKey::new(4, "test.normal");
        let n = 50_000;
        let xs: Vec<f64> = (0..n).map(|i| key.rng(i).normal()).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.03, "var {var}");
    }

    #[test]
    fn zipf_favours_low_ranks_with_the_right_ratio() {
        let key = StreamKey::new(5, "test.zipf");
        let z = Zipf::new(1000, 1.0);
        let mut counts = vec![0u32; 1000];
        let mut rng = key.rng(0);
        for _ in 0..100_000 {
            counts[z.sample(&mut rng) as usize] += 1;
        }
        // P(1)/P(2) = 2^s = 2 for s = 1.
        let ratio = counts[0] as f64 / counts[1] as f64;
        assert!((ratio - 2.0).abs() < 0.2, "ratio {ratio}");
        assert!(counts[0] > counts[10]);
    }

    #[test]
    fn poisson_mean() {
        let key = StreamKey::new(6, "test.poisson");
        for lambda in [0.5, 4.0, 50.0] {
            let n = 20_000;
            let total: u64 = (0..n).map(|i| key.rng(i).poisson(lambda)).sum();
            let mean = total as f64 / n as f64;
            assert!(
                (mean - lambda).abs() < lambda * 0.05 + 0.02,
                "lambda {lambda} mean {mean}"
            );
        }
    }

    #[test]
    fn weighted_respects_zero_weights() {
        let key = StreamKey::new(7, "test.weighted");
        for i in 0..1000 {
            assert_ne!(key.rng(i).weighted(&[5, 0, 5]), 1);
        }
    }
}
