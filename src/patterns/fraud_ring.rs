//! Placeholder: the fraud_ring family (SPEC §10.2).

use super::{Family, InstancePlan, InstanceRecords, NoFit, PlanCtx, Typology, Violation};
use crate::seed::Rng;

pub struct FraudRing;

impl Typology for FraudRing {
    fn family(&self) -> Family {
        Family::FraudRing
    }
    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &[("todo", 1)]
    }
    fn min_transactions(&self, _subtype: usize) -> u64 {
        3
    }
    fn plan(&self, _: &PlanCtx<'_>, _: usize, _: u64, _: &mut Rng) -> Result<InstancePlan, NoFit> {
        Err(NoFit("not yet".into()))
    }
    fn check(&self, _: &InstanceRecords<'_>) -> Result<(), Violation> {
        Ok(())
    }
}
