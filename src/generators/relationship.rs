//! TEMPORARY stub
use super::Ctx;
use crate::model::relationship::Relationship;
pub fn for_person(ctx: &Ctx, p: u64) -> Vec<Relationship> {
    (0..p % 3)
        .map(|k| Relationship {
            id: ctx
                .ids
                .make(crate::ids::Namespace::Relationship, (p << 8) | k),
        })
        .collect()
}
pub fn for_company(ctx: &Ctx, c: u64) -> Vec<Relationship> {
    let u = ctx.layout.params.persons + c;
    vec![Relationship {
        id: ctx.ids.make(crate::ids::Namespace::Relationship, u << 8),
    }]
}
