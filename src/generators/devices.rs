//! Devices and IP addresses of account owners (SPEC §7.4 ip_address, §7.9): each owner has 2–4 usual
//! public IPv4 addresses and 1–3 devices (household members may share one), derived from the owner's
//! index alone, so transactions and account events of the same owner agree without any shared state.

use super::Ctx;
use crate::core::seed::Rng;
use crate::population::layout::Owner;

/// The owner's unit index (persons first, then companies), which keys its devices and addresses.
pub fn owner_unit(ctx: &Ctx, owner: Owner) -> u64 {
    match owner {
        Owner::Person(p) => p,
        Owner::Company(c) => ctx.layout.params.persons + c,
    }
}

/// Number of usual IPv4 addresses of an owner, and the k-th one.
pub fn usual_ip_count(ctx: &Ctx, owner: Owner) -> u64 {
    ctx.rng("devices.ip_count", owner_unit(ctx, owner))
        .between(2, 4) as u64
}

pub fn usual_ip_at(ctx: &Ctx, owner: Owner, k: u64) -> String {
    let mut rng = ctx.rng("devices.ip", (owner_unit(ctx, owner) << 2) | k);
    format_ipv4(public_ipv4(&mut rng))
}

/// One of the owner's usual addresses, chosen by the record's own stream.
pub fn usual_ip(ctx: &Ctx, owner: Owner, rng: &mut Rng) -> String {
    let k = rng.below(usual_ip_count(ctx, owner));
    usual_ip_at(ctx, owner, k)
}

/// A fresh public address (for "new IP" events).
pub fn new_ip(rng: &mut Rng) -> String {
    format_ipv4(public_ipv4(rng))
}

/// Whether an IPv4 address is public unicast: none of the special-purpose blocks of RFC 6890 and
/// successors (this network, private, shared, loopback, link-local, documentation, benchmarking,
/// 6to4 relay, multicast, reserved, broadcast).
pub fn is_public_unicast(ip: u32) -> bool {
    const BLOCKS: [(u32, u32); 15] = [
        (0x0000_0000, 8),
        (0x0a00_0000, 8),
        (0x6440_0000, 10),
        (0x7f00_0000, 8),
        (0xa9fe_0000, 16),
        (0xac10_0000, 12),
        (0xc000_0000, 24),
        (0xc000_0200, 24),
        (0xc058_6300, 24),
        (0xc0a8_0000, 16),
        (0xc612_0000, 15),
        (0xc633_6400, 24),
        (0xcb00_7100, 24),
        (0xe000_0000, 4),
        (0xf000_0000, 4),
    ];
    !BLOCKS
        .iter()
        .any(|&(base, bits)| ip >> (32 - bits) == base >> (32 - bits))
}

fn public_ipv4(rng: &mut Rng) -> u32 {
    loop {
        let ip = rng.next_u64() as u32;
        if is_public_unicast(ip) {
            return ip;
        }
    }
}

pub fn format_ipv4(ip: u32) -> String {
    let b = ip.to_be_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

/// Device ids of an owner (1–3). A person's first device is shared with the household 30% of the time.
pub fn devices(ctx: &Ctx, owner: Owner) -> Vec<String> {
    let unit = owner_unit(ctx, owner);
    let mut rng = ctx.rng("devices.set", unit);
    let n = rng.between(1, 3) as u64;
    let shared = match owner {
        Owner::Person(p) if rng.chance(0.3) => {
            let (block, position, household) = ctx.layout.household_of(p);
            let h = household.members[position as usize].household as u64;
            // A key no owner unit reaches: above every unit, per (block, household).
            Some(device_id(ctx, (1 << 39) | (block << 2) | h))
        }
        _ => None,
    };
    (0..n)
        .map(|k| match (k, &shared) {
            (0, Some(id)) => id.clone(),
            _ => device_id(ctx, (unit << 2) | k),
        })
        .collect()
}

/// A brand-new device id for an event (never one of an owner's usual devices).
pub fn new_device(ctx: &Ctx, event_key: u64) -> String {
    device_id(ctx, (1 << 40) | event_key)
}

/// `DEV-` + 12 lowercase hex of a keyed bijection of `index`.
fn device_id(ctx: &Ctx, index: u64) -> String {
    let value =
        crate::core::seed::Bijection::new(ctx.seed, "devices.id").forward(index) & 0xffff_ffff_ffff;
    format!("DEV-{value:012x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_blocks_are_not_public() {
        let ip = |a: u8, b: u8, c: u8, d: u8| u32::from_be_bytes([a, b, c, d]);
        for private in [
            ip(10, 1, 2, 3),
            ip(127, 0, 0, 1),
            ip(192, 168, 1, 1),
            ip(172, 16, 0, 1),
            ip(172, 31, 255, 255),
            ip(100, 64, 0, 1),
            ip(169, 254, 1, 1),
            ip(224, 0, 0, 1),
            ip(255, 255, 255, 255),
            ip(198, 51, 100, 7),
            ip(203, 0, 113, 9),
            ip(0, 1, 2, 3),
        ] {
            assert!(!is_public_unicast(private), "{}", format_ipv4(private));
        }
        for public in [
            ip(8, 8, 8, 8),
            ip(172, 32, 0, 1),
            ip(100, 128, 0, 1),
            ip(193, 0, 0, 1),
        ] {
            assert!(is_public_unicast(public), "{}", format_ipv4(public));
        }
    }
}
