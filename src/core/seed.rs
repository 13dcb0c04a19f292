//! Key derivation and the per-record random streams of the determinism contract (SPEC §3 D-4, D-5),
//! plus the keyed bijection behind record ids (§4.1) and keyed permutations on `[0, n)` (§5.2).
//!
//! Everything here is a pure function of the master seed and a stream name: no state survives from one
//! record to the next, which is what lets any part of a dataset be produced by any process.

use rand_chacha::ChaCha8Rng;
use rand_core::{Rng as _, SeedableRng};

/// FNV-1a 64 of a stream name; mixed with the seed so record `i` of two streams never shares randomness.
pub const fn fnv1a64(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// One SplitMix64 step: advances `state` and returns the next output.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix64(*state)
}

/// The SplitMix64 finaliser, a good stateless 64-bit mixer.
pub const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `count` words of key material for (seed, stream name): SplitMix64 expansion of `seed ^ fnv1a64(name)`.
pub fn key_words<const N: usize>(seed: u64, name: &str) -> [u64; N] {
    let mut state = seed ^ fnv1a64(name);
    let mut out = [0u64; N];
    for word in &mut out {
        *word = splitmix64(&mut state);
    }
    out
}

/// The 32-byte ChaCha key of one named stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamKey([u8; 32]);

impl StreamKey {
    pub fn new(seed: u64, stream: &str) -> Self {
        let words: [u64; 4] = key_words(seed, stream);
        let mut key = [0u8; 32];
        for (chunk, word) in key.chunks_exact_mut(8).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        StreamKey(key)
    }

    /// The random stream of record `index`: ChaCha stream number = index, word position 0.
    pub fn rng(&self, index: u64) -> Rng {
        let mut inner = ChaCha8Rng::from_seed(self.0);
        inner.set_stream(index);
        Rng(inner)
    }
}

/// A record's private random stream. Sampling methods live in [`crate::core::sample`].
pub struct Rng(ChaCha8Rng);

impl Rng {
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
}

const BIJECTION_MUL: u64 = 0x9e37_79b9_7f4a_7c15 | 1;
const BIJECTION_MUL2: u64 = 0xd6e8_feb8_6659_fd93;

/// Multiplicative inverse of an odd number modulo 2^64 (Newton iteration).
const fn inverse_odd(a: u64) -> u64 {
    let mut x = a; // correct to 3 bits
    let mut i = 0;
    while i < 5 {
        x = x.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(x)));
        i += 1;
    }
    x
}

const fn unxorshift_right(y: u64, shift: u32) -> u64 {
    let mut x = y;
    let mut i = 0;
    while i < 64 / shift + 1 {
        x = y ^ (x >> shift);
        i += 1;
    }
    x
}

/// A keyed bijection of 64-bit integers with an inverse: xor with key, multiply by odd constants,
/// xorshift, add key. Not cryptographic; it only has to scramble indices and be invertible.
#[derive(Clone, Copy, Debug)]
pub struct Bijection {
    keys: [u64; 3],
}

impl Bijection {
    pub fn new(seed: u64, stream: &str) -> Self {
        Bijection {
            keys: key_words(seed, stream),
        }
    }

    #[inline]
    pub fn forward(&self, mut x: u64) -> u64 {
        x ^= self.keys[0];
        x = x.wrapping_mul(BIJECTION_MUL);
        x ^= x >> 29;
        x = x.wrapping_add(self.keys[1]);
        x = x.wrapping_mul(BIJECTION_MUL2);
        x ^= x >> 32;
        x ^ self.keys[2]
    }

    pub fn inverse(&self, mut y: u64) -> u64 {
        y ^= self.keys[2];
        y = unxorshift_right(y, 32);
        y = y.wrapping_mul(inverse_odd(BIJECTION_MUL2));
        y = y.wrapping_sub(self.keys[1]);
        y = unxorshift_right(y, 29);
        y = y.wrapping_mul(inverse_odd(BIJECTION_MUL));
        y ^ self.keys[0]
    }
}

/// A keyed permutation of `[0, n)`: a balanced Feistel network over the smallest even-bit domain
/// covering `n`, with cycle walking. Both directions are O(1) expected (the domain is < 4n).
#[derive(Clone, Copy, Debug)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    pub fn new(seed: u64, stream: &str, n: u64) -> Self {
        let bits = (64 - n.saturating_sub(1).leading_zeros()).max(2);
        let bits = bits + (bits & 1);
        Permutation {
            n,
            half_bits: bits / 2,
            keys: key_words(seed, stream),
        }
    }

    pub fn len(&self) -> u64 {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    #[inline]
    fn mask(&self) -> u64 {
        (1u64 << self.half_bits) - 1
    }

    #[inline]
    fn round(&self, r: usize, half: u64) -> u64 {
        mix64(half ^ self.keys[r]) & self.mask()
    }

    #[inline]
    fn encrypt(&self, x: u64) -> u64 {
        let mask = self.mask();
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for r in 0..4 {
            let next = left ^ self.round(r, right);
            left = right;
            right = next;
        }
        (left << self.half_bits) | right
    }

    #[inline]
    fn decrypt(&self, y: u64) -> u64 {
        let mask = self.mask();
        let (mut left, mut right) = (y >> self.half_bits, y & mask);
        for r in (0..4).rev() {
            let prev = right ^ self.round(r, left);
            right = left;
            left = prev;
        }
        (left << self.half_bits) | right
    }

    /// Position `i` → permuted value. Panics in debug builds when `i >= n`.
    #[inline]
    pub fn apply(&self, i: u64) -> u64 {
        debug_assert!(i < self.n);
        let mut x = self.encrypt(i);
        while x >= self.n {
            x = self.encrypt(x);
        }
        x
    }

    /// Inverse of [`Permutation::apply`].
    #[inline]
    pub fn invert(&self, v: u64) -> u64 {
        debug_assert!(v < self.n);
        let mut x = self.decrypt(v);
        while x >= self.n {
            x = self.decrypt(x);
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bijection_round_trips_at_the_edges() {
        let f = Bijection::new(42, "id.person");
        for x in [
            0u64,
            1,
            2,
            (1 << 40) - 1,
            1 << 40,
            u64::MAX,
            0x1234_5678_9abc_def0,
        ] {
            assert_eq!(f.inverse(f.forward(x)), x);
        }
        assert_ne!(f.forward(0), f.forward(1));
    }

    #[test]
    fn permutation_is_a_permutation() {
        for n in [1u64, 2, 3, 5, 16, 17, 100, 1000] {
            let p = Permutation::new(7, "perm", n);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let v = p.apply(i);
                assert!(!seen[v as usize]);
                seen[v as usize] = true;
                assert_eq!(p.invert(v), i);
            }
        }
    }

    #[test]
    fn streams_differ_by_name_and_index() {
        let a = StreamKey::new(42, "person").rng(0).next_u64();
        let b = StreamKey::new(42, "company").rng(0).next_u64();
        let c = StreamKey::new(42, "person").rng(1).next_u64();
        let a2 = StreamKey::new(42, "person").rng(0).next_u64();
        assert_eq!(a, a2);
        assert_ne!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn fnv_matches_published_vector() {
        // FNV-1a 64 of "a" from the reference test suite.
        assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
    }
}
