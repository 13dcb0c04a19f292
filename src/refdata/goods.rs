//! Goods and services with market prices (SPEC §7.8): one table prices background invoices, moves
//! the prices of trade-based laundering invoices out of range, and is what the TBML alert rules and
//! `INV-tbml` compare unit prices against.

use super::CurrencyId;

/// One row of the goods or services table: market price in US cents per unit and the usual quantity range.
pub struct Category {
    pub category: &'static str,
    pub description: &'static str,
    pub unit: &'static str,
    pub market_usd_cents: i64,
    pub quantity: (i64, i64),
}

const fn cat(
    category: &'static str,
    description: &'static str,
    unit: &'static str,
    market_usd_cents: i64,
    quantity: (i64, i64),
) -> Category {
    Category {
        category,
        description,
        unit,
        market_usd_cents,
        quantity,
    }
}

/// Goods with a market price (TBML price rules compare against it).
pub const GOODS_TABLE: [Category; 20] = [
    cat(
        "electronics",
        "Laptop computers",
        "piece",
        85_000,
        (10, 500),
    ),
    cat("smartphones", "Smartphones", "piece", 40_000, (20, 2_000)),
    cat("textiles", "Cotton fabric", "m", 450, (500, 50_000)),
    cat("apparel", "Garments", "piece", 1_200, (100, 20_000)),
    cat("steel", "Hot-rolled steel coil", "t", 65_000, (10, 2_000)),
    cat("copper", "Copper cathodes", "t", 900_000, (5, 500)),
    cat("crude_oil", "Crude oil", "bbl", 7_500, (1_000, 200_000)),
    cat("coffee", "Green coffee beans", "kg", 450, (1_000, 60_000)),
    cat("wheat", "Wheat", "t", 25_000, (50, 5_000)),
    cat(
        "machinery",
        "Industrial machinery parts",
        "piece",
        250_000,
        (1, 200),
    ),
    cat(
        "pharmaceuticals",
        "Pharmaceutical products",
        "box",
        3_000,
        (100, 20_000),
    ),
    cat(
        "vehicles",
        "Passenger vehicles",
        "piece",
        2_800_000,
        (1, 100),
    ),
    cat(
        "furniture",
        "Office furniture",
        "piece",
        30_000,
        (10, 1_000),
    ),
    cat("toys", "Plastic toys", "piece", 800, (200, 50_000)),
    cat("solar_panels", "Solar panels", "piece", 20_000, (20, 5_000)),
    cat("gold", "Gold bullion", "oz", 200_000, (1, 500)),
    cat("timber", "Sawn timber", "m3", 30_000, (10, 2_000)),
    cat("seafood", "Frozen seafood", "kg", 1_200, (200, 20_000)),
    cat(
        "chemicals",
        "Industrial chemicals",
        "t",
        120_000,
        (5, 1_000),
    ),
    cat(
        "auto_parts",
        "Automotive parts",
        "piece",
        6_000,
        (50, 10_000),
    ),
];

/// Services with a market rate.
pub const SERVICES_TABLE: [Category; 6] = [
    cat(
        "consulting",
        "Consulting services",
        "hour",
        15_000,
        (10, 500),
    ),
    cat("software", "Software licences", "licence", 50_000, (1, 200)),
    cat(
        "logistics",
        "Freight forwarding services",
        "shipment",
        250_000,
        (1, 50),
    ),
    cat(
        "maintenance",
        "Equipment maintenance",
        "hour",
        9_000,
        (10, 400),
    ),
    cat("legal", "Legal services", "hour", 30_000, (5, 200)),
    cat("marketing", "Marketing services", "month", 500_000, (1, 12)),
];

/// A category by its label (goods first, then services).
pub fn category(label: &str) -> Option<&'static Category> {
    GOODS_TABLE
        .iter()
        .chain(SERVICES_TABLE.iter())
        .find(|c| c.category == label)
}

/// The market unit price of a category in minor units of `currency` (the one conversion the generator
/// and the TBML rules share).
pub fn market_minor(category: &Category, currency: CurrencyId) -> i64 {
    super::from_usd(category.market_usd_cents, super::currency(currency).code).max(1)
}
