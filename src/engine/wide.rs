//! Non-negative integers of any size, for the apportionments whose exact
//! products outgrow `i128` (a total of 10¹⁵ kr over weights of 10¹⁵ with a
//! population basis beside them). Only what largest remainder needs:
//! addition, subtraction, multiplication, division with remainder and
//! comparison. Slow next to `i128` and used only when `i128` overflows.

use std::cmp::Ordering;

/// A non-negative integer: 32-bit limbs, least significant first, no
/// trailing zero limbs (zero is no limbs), so equal values are equal vectors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wide(Vec<u32>);

impl Wide {
    pub fn from_u128(mut v: u128) -> Wide {
        let mut limbs = Vec::new();
        while v > 0 {
            limbs.push(v as u32);
            v >>= 32;
        }
        Wide(limbs)
    }

    /// `10^k`.
    pub fn pow10(k: u32) -> Wide {
        (0..k).fold(Wide::from_u128(1), |acc, _| acc.mul(&Wide::from_u128(10)))
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    fn trimmed(mut self) -> Wide {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        self
    }

    /// The value, if it fits in a `u128`.
    pub fn to_u128(&self) -> Option<u128> {
        if self.0.len() > 4 {
            return None;
        }
        Some(
            self.0
                .iter()
                .rev()
                .fold(0u128, |acc, l| (acc << 32) | u128::from(*l)),
        )
    }

    pub fn add(&self, o: &Wide) -> Wide {
        let n = self.0.len().max(o.0.len());
        let mut out = Vec::with_capacity(n + 1);
        let mut carry = 0u64;
        for i in 0..n {
            let s = u64::from(*self.0.get(i).unwrap_or(&0)) + u64::from(*o.0.get(i).unwrap_or(&0)) + carry;
            out.push(s as u32);
            carry = s >> 32;
        }
        out.push(carry as u32);
        Wide(out).trimmed()
    }

    /// `self - o`; `o` must not be larger.
    pub fn sub(&self, o: &Wide) -> Wide {
        debug_assert!(*self >= *o);
        let mut out = Vec::with_capacity(self.0.len());
        let mut borrow = 0i64;
        for i in 0..self.0.len() {
            let mut d = i64::from(self.0[i]) - i64::from(*o.0.get(i).unwrap_or(&0)) - borrow;
            borrow = 0;
            if d < 0 {
                d += 1 << 32;
                borrow = 1;
            }
            out.push(d as u32);
        }
        Wide(out).trimmed()
    }

    pub fn mul(&self, o: &Wide) -> Wide {
        if self.is_zero() || o.is_zero() {
            return Wide::default();
        }
        let mut out = vec![0u32; self.0.len() + o.0.len()];
        for (i, a) in self.0.iter().enumerate() {
            let mut carry = 0u64;
            for (j, b) in o.0.iter().enumerate() {
                let t = u64::from(*a) * u64::from(*b) + u64::from(out[i + j]) + carry;
                out[i + j] = t as u32;
                carry = t >> 32;
            }
            let mut k = i + o.0.len();
            while carry > 0 {
                let t = u64::from(out[k]) + carry;
                out[k] = t as u32;
                carry = t >> 32;
                k += 1;
            }
        }
        Wide(out).trimmed()
    }

    fn bits(&self) -> usize {
        self.0.last().map_or(0, |top| {
            32 * (self.0.len() - 1) + (32 - top.leading_zeros() as usize)
        })
    }

    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|l| l >> (i % 32) & 1 == 1)
    }

    /// `self * 2 + bit`.
    fn shifted_in(&self, bit: bool) -> Wide {
        let mut out = Vec::with_capacity(self.0.len() + 1);
        let mut carry = u32::from(bit);
        for l in &self.0 {
            out.push((l << 1) | carry);
            carry = l >> 31;
        }
        out.push(carry);
        Wide(out).trimmed()
    }

    /// Quotient and remainder; `d` must not be zero.
    pub fn div_rem(&self, d: &Wide) -> (Wide, Wide) {
        assert!(!d.is_zero(), "division by zero");
        let mut q = vec![0u32; self.0.len()];
        let mut r = Wide::default();
        for i in (0..self.bits()).rev() {
            r = r.shifted_in(self.bit(i));
            if r >= *d {
                r = r.sub(d);
                q[i / 32] |= 1 << (i % 32);
            }
        }
        (Wide(q).trimmed(), r)
    }
}

impl Ord for Wide {
    fn cmp(&self, o: &Wide) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, o: &Wide) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift), so failures reproduce.
    fn values() -> Vec<u128> {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut out = vec![
            0,
            1,
            2,
            u128::from(u32::MAX),
            u128::from(u32::MAX) + 1,
            u128::from(u64::MAX),
        ];
        for _ in 0..300 {
            let bits = next() % 64;
            out.push(u128::from(next()) >> (63 - bits.min(63)));
        }
        out
    }

    #[test]
    fn agrees_with_u128() {
        let vs = values();
        for &a in &vs {
            assert_eq!(Wide::from_u128(a).to_u128(), Some(a));
            for &b in vs.iter().take(60) {
                let (wa, wb) = (Wide::from_u128(a), Wide::from_u128(b));
                assert_eq!(wa.add(&wb).to_u128(), Some(a + b));
                assert_eq!(wa.mul(&wb).to_u128(), Some(a * b), "{a} × {b}");
                assert_eq!(wa.cmp(&wb), a.cmp(&b));
                if a >= b {
                    assert_eq!(wa.sub(&wb).to_u128(), Some(a - b));
                }
                if let (Some(q), Some(r)) = (a.checked_div(b), a.checked_rem(b)) {
                    let (wq, wr) = wa.div_rem(&wb);
                    assert_eq!((wq.to_u128(), wr.to_u128()), (Some(q), Some(r)), "{a} / {b}");
                }
            }
        }
    }

    #[test]
    fn beyond_u128() {
        // (10^30 × 10^30 + 7) / 10^30 = 10^30 remainder 7.
        let e30 = Wide::pow10(30);
        let big = e30.mul(&e30).add(&Wide::from_u128(7));
        assert_eq!(big.to_u128(), None);
        let (q, r) = big.div_rem(&e30);
        assert_eq!(q, e30);
        assert_eq!(r.to_u128(), Some(7));
        assert_eq!(Wide::pow10(38).to_u128(), Some(10u128.pow(38)));
    }
}
