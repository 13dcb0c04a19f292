//! Vocabularies of SPEC §6 and the value sets of §7: industries, PEP categories, sanctions lists,
//! monitoring reasons and the like.
