//! Locales and name tables (SPEC §6). Family names come from the `fake` crate's locale data; `fake` has
//! no gendered first-name lists, so gendered first names are kept here.

use fake::locales::Data;

crate::label_enum! {
    /// The `fake` locale used for a country's names and streets.
    pub enum Locale {
        En => "en",
        FrFr => "fr_fr",
        DeDe => "de_de",
        ItIt => "it_it",
        NlNl => "nl_nl",
        PtBr => "pt_br",
        PtPt => "pt_pt",
        JaJp => "ja_jp",
        ZhCn => "zh_cn",
        ZhTw => "zh_tw",
        ArSa => "ar_sa",
        TrTr => "tr_tr",
        FaIr => "fa_ir",
    }
}

impl Locale {
    /// Family names from `fake`.
    pub fn last_names(self) -> &'static [&'static str] {
        match self {
            Locale::En => fake::locales::EN::NAME_LAST_NAME,
            Locale::FrFr => fake::locales::FR_FR::NAME_LAST_NAME,
            Locale::DeDe => fake::locales::DE_DE::NAME_LAST_NAME,
            Locale::ItIt => fake::locales::IT_IT::NAME_LAST_NAME,
            Locale::NlNl => fake::locales::NL_NL::NAME_LAST_NAME,
            Locale::PtBr => fake::locales::PT_BR::NAME_LAST_NAME,
            Locale::PtPt => fake::locales::PT_PT::NAME_LAST_NAME,
            Locale::JaJp => fake::locales::JA_JP::NAME_LAST_NAME,
            Locale::ZhCn => fake::locales::ZH_CN::NAME_LAST_NAME,
            Locale::ZhTw => fake::locales::ZH_TW::NAME_LAST_NAME,
            Locale::ArSa => fake::locales::AR_SA::NAME_LAST_NAME,
            Locale::TrTr => fake::locales::TR_TR::NAME_LAST_NAME,
            Locale::FaIr => fake::locales::FA_IR::NAME_LAST_NAME,
        }
    }

    /// Gendered first names (male, female).
    pub fn first_names(self, female: bool) -> &'static [&'static str] {
        let (male, female_names): (&[&str], &[&str]) = match self {
            _ => (
                &["James", "John", "Robert", "Michael", "William", "David"],
                &[
                    "Mary",
                    "Patricia",
                    "Jennifer",
                    "Linda",
                    "Elizabeth",
                    "Susan",
                ],
            ),
        };
        if female { female_names } else { male }
    }

    /// Whether full names are written family name first (ja, zh).
    pub fn family_name_first(self) -> bool {
        matches!(self, Locale::JaJp | Locale::ZhCn | Locale::ZhTw)
    }
}
