//! Locales and name tables (SPEC §6): family names from the `fake` crate's locale data (every locale
//! below has its own `NAME_LAST_NAME` list in `fake` 5.1, checked by a test), gendered first names and
//! street vocabularies kept here (`fake` has no gendered first names and no street-name lists), and a
//! fixed ASCII transliteration for Latin-script names.

use crate::core::seed::Rng;
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

/// Gendered first names of one locale, in the locale's script.
struct FirstNames {
    male: &'static [&'static str],
    female: &'static [&'static str],
}

/// Street vocabulary of one locale: proper names and street-type words, combined by [`Locale::street`].
struct Streets {
    names: &'static [&'static str],
    types: &'static [&'static str],
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

    /// Gendered first names (male, or female when `female`).
    pub fn first_names(self, female: bool) -> &'static [&'static str] {
        let names = self.first_name_table();
        if female { names.female } else { names.male }
    }

    /// Whether full names are written family name first (ja, zh).
    pub fn family_name_first(self) -> bool {
        matches!(self, Locale::JaJp | Locale::ZhCn | Locale::ZhTw)
    }

    /// Whether names of this locale are written in Latin script (so [`ascii_fold`] applies).
    pub fn latin_script(self) -> bool {
        !matches!(
            self,
            Locale::JaJp | Locale::ZhCn | Locale::ZhTw | Locale::ArSa | Locale::FaIr
        )
    }

    /// One street line in the locale's style, e.g. "12 Oak Street", "12 Rue de la Paix",
    /// "Hauptstraße 5", "Via Roma 7", "Rua das Flores, 120", "銀座4丁目5-6", "人民路88号".
    pub fn street(self, rng: &mut Rng) -> String {
        let mut out = String::new();
        self.write_street(rng, &mut out);
        out
    }

    /// [`Locale::street`] appending to `out` (no allocation when `out` has room). Draw order: name,
    /// type, then house number(s); fixed, because it is part of the data format.
    pub fn write_street(self, rng: &mut Rng, out: &mut String) {
        use std::fmt::Write as _;
        let table = self.street_table();
        let name = *rng.pick(table.names);
        let kind = *rng.pick(table.types);
        let number = rng.between(1, 199);
        // Writing into a String cannot fail.
        let _ = match self {
            Locale::En => write!(out, "{number} {name} {kind}"),
            Locale::FrFr => write!(out, "{number} {kind} {name}"),
            Locale::DeDe | Locale::NlNl => write!(out, "{name}{kind} {number}"),
            Locale::ItIt => write!(out, "{kind} {name} {number}"),
            Locale::PtBr | Locale::PtPt => write!(out, "{kind} {name}, {number}"),
            Locale::JaJp => {
                let chome = 1 + number % 9;
                let block = rng.between(1, 30);
                let house = rng.between(1, 20);
                write!(out, "{name}{kind}{chome}丁目{block}-{house}")
            }
            Locale::ZhCn => write!(out, "{name}{kind}{number}号"),
            Locale::ZhTw => write!(out, "{name}{kind}{number}號"),
            Locale::ArSa => write!(out, "{kind} {name} {number}"),
            Locale::TrTr => write!(out, "{name} {kind} No:{number}"),
            Locale::FaIr => write!(out, "{kind} {name}، پلاک {number}"),
        };
    }

    fn first_name_table(self) -> &'static FirstNames {
        match self {
            Locale::En => &EN_FIRST,
            Locale::FrFr => &FR_FIRST,
            Locale::DeDe => &DE_FIRST,
            Locale::ItIt => &IT_FIRST,
            Locale::NlNl => &NL_FIRST,
            Locale::PtBr => &PT_BR_FIRST,
            Locale::PtPt => &PT_PT_FIRST,
            Locale::JaJp => &JA_FIRST,
            Locale::ZhCn => &ZH_CN_FIRST,
            Locale::ZhTw => &ZH_TW_FIRST,
            Locale::ArSa => &AR_FIRST,
            Locale::TrTr => &TR_FIRST,
            Locale::FaIr => &FA_FIRST,
        }
    }

    fn street_table(self) -> &'static Streets {
        match self {
            Locale::En => &EN_STREETS,
            Locale::FrFr => &FR_STREETS,
            Locale::DeDe => &DE_STREETS,
            Locale::ItIt => &IT_STREETS,
            Locale::NlNl => &NL_STREETS,
            Locale::PtBr => &PT_BR_STREETS,
            Locale::PtPt => &PT_PT_STREETS,
            Locale::JaJp => &JA_STREETS,
            Locale::ZhCn => &ZH_CN_STREETS,
            Locale::ZhTw => &ZH_TW_STREETS,
            Locale::ArSa => &AR_STREETS,
            Locale::TrTr => &TR_STREETS,
            Locale::FaIr => &FA_STREETS,
        }
    }
}

/// Fixed ASCII transliteration of a Latin-script name: é→e, ß→ss, ø→o, æ→ae, ł→l, ı→i, … ASCII passes
/// through unchanged. `None` when the text holds a character with no folding (CJK, Arabic, Cyrillic, …).
/// Used for e-mail local parts and social-media handles.
pub fn ascii_fold(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch);
            continue;
        }
        match fold_lower(ch) {
            Some(folded) => out.push_str(folded),
            None => {
                // Uppercase letters fold like their lowercase form, first letter capitalised ("Æ" → "Ae").
                let mut lower = ch.to_lowercase();
                let single = lower.next().filter(|_| lower.next().is_none())?;
                let folded = fold_lower(single)?;
                let mut letters = folded.chars();
                if let Some(first) = letters.next() {
                    out.push(first.to_ascii_uppercase());
                    out.push_str(letters.as_str());
                }
            }
        }
    }
    Some(out)
}

/// Folding of lowercase Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A) and a
/// few uppercase letters whose lowercase form is ambiguous (Turkish İ).
fn fold_lower(ch: char) -> Option<&'static str> {
    Some(match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'İ' => "I",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        // Combining diacritical marks (decomposed input, or data such as fake's "Özm̂en") drop out.
        '\u{0300}'..='\u{036f}' => "",
        // Typographic apostrophe in names such as "D’Angelo".
        '\u{2019}' => "'",
        _ => return None,
    })
}

static EN_FIRST: FirstNames = FirstNames {
    male: &[
        "James",
        "John",
        "Robert",
        "Michael",
        "William",
        "David",
        "Richard",
        "Joseph",
        "Thomas",
        "Charles",
        "Christopher",
        "Daniel",
        "Matthew",
        "Anthony",
        "Mark",
        "Steven",
        "Paul",
        "Andrew",
        "Joshua",
        "Kevin",
        "Brian",
        "George",
        "Edward",
        "Ryan",
    ],
    female: &[
        "Mary",
        "Patricia",
        "Jennifer",
        "Linda",
        "Elizabeth",
        "Barbara",
        "Susan",
        "Jessica",
        "Sarah",
        "Karen",
        "Lisa",
        "Nancy",
        "Betty",
        "Sandra",
        "Margaret",
        "Ashley",
        "Emily",
        "Michelle",
        "Amanda",
        "Melissa",
        "Laura",
        "Rebecca",
        "Emma",
        "Olivia",
    ],
};

static FR_FIRST: FirstNames = FirstNames {
    male: &[
        "Jean",
        "Pierre",
        "Michel",
        "André",
        "Philippe",
        "Louis",
        "Nicolas",
        "François",
        "Laurent",
        "Thomas",
        "Julien",
        "Antoine",
        "Mathieu",
        "Olivier",
        "Sébastien",
        "Alexandre",
        "Christophe",
        "Stéphane",
        "Guillaume",
        "Hugo",
        "Lucas",
        "Théo",
    ],
    female: &[
        "Marie",
        "Nathalie",
        "Isabelle",
        "Sylvie",
        "Catherine",
        "Françoise",
        "Christine",
        "Monique",
        "Valérie",
        "Sophie",
        "Camille",
        "Julie",
        "Aurélie",
        "Émilie",
        "Léa",
        "Chloé",
        "Manon",
        "Céline",
        "Sandrine",
        "Hélène",
        "Claire",
        "Élodie",
    ],
};

static DE_FIRST: FirstNames = FirstNames {
    male: &[
        "Peter",
        "Michael",
        "Thomas",
        "Andreas",
        "Wolfgang",
        "Klaus",
        "Jürgen",
        "Stefan",
        "Hans",
        "Uwe",
        "Frank",
        "Christian",
        "Matthias",
        "Markus",
        "Sebastian",
        "Jan",
        "Tobias",
        "Lukas",
        "Felix",
        "Jonas",
        "Maximilian",
        "Dieter",
    ],
    female: &[
        "Ursula",
        "Sabine",
        "Petra",
        "Monika",
        "Claudia",
        "Susanne",
        "Andrea",
        "Birgit",
        "Karin",
        "Julia",
        "Anna",
        "Katharina",
        "Laura",
        "Lena",
        "Lea",
        "Sarah",
        "Hannah",
        "Jana",
        "Stefanie",
        "Renate",
        "Gisela",
        "Jutta",
    ],
};

static IT_FIRST: FirstNames = FirstNames {
    male: &[
        "Giuseppe",
        "Giovanni",
        "Antonio",
        "Mario",
        "Luigi",
        "Francesco",
        "Angelo",
        "Vincenzo",
        "Pietro",
        "Salvatore",
        "Carlo",
        "Franco",
        "Marco",
        "Alessandro",
        "Andrea",
        "Luca",
        "Matteo",
        "Lorenzo",
        "Davide",
        "Stefano",
        "Roberto",
        "Paolo",
    ],
    female: &[
        "Maria",
        "Anna",
        "Giuseppina",
        "Rosa",
        "Angela",
        "Giovanna",
        "Teresa",
        "Lucia",
        "Carmela",
        "Francesca",
        "Giulia",
        "Chiara",
        "Sara",
        "Martina",
        "Alessia",
        "Federica",
        "Valentina",
        "Elena",
        "Silvia",
        "Paola",
        "Laura",
        "Sofia",
    ],
};

static NL_FIRST: FirstNames = FirstNames {
    male: &[
        "Jan", "Johannes", "Cornelis", "Hendrik", "Willem", "Pieter", "Gerrit", "Jacobus", "Dirk",
        "Klaas", "Bas", "Daan", "Sem", "Lucas", "Thijs", "Ruben", "Jeroen", "Bram", "Sander",
        "Maarten", "Joost", "Wouter",
    ],
    female: &[
        "Maria",
        "Johanna",
        "Anna",
        "Cornelia",
        "Wilhelmina",
        "Elisabeth",
        "Hendrika",
        "Emma",
        "Sophie",
        "Julia",
        "Anouk",
        "Lotte",
        "Fleur",
        "Sanne",
        "Lisa",
        "Eva",
        "Femke",
        "Marieke",
        "Inge",
        "Ingrid",
        "Esther",
        "Saskia",
    ],
};

static PT_BR_FIRST: FirstNames = FirstNames {
    male: &[
        "José",
        "João",
        "Antônio",
        "Francisco",
        "Carlos",
        "Paulo",
        "Pedro",
        "Lucas",
        "Luiz",
        "Marcos",
        "Luís",
        "Gabriel",
        "Rafael",
        "Daniel",
        "Marcelo",
        "Bruno",
        "Eduardo",
        "Felipe",
        "Rodrigo",
        "Gustavo",
        "Matheus",
        "Thiago",
    ],
    female: &[
        "Maria",
        "Ana",
        "Francisca",
        "Antônia",
        "Adriana",
        "Juliana",
        "Márcia",
        "Fernanda",
        "Patrícia",
        "Aline",
        "Sandra",
        "Camila",
        "Amanda",
        "Bruna",
        "Jéssica",
        "Letícia",
        "Júlia",
        "Luciana",
        "Vanessa",
        "Mariana",
        "Gabriela",
        "Beatriz",
    ],
};

static PT_PT_FIRST: FirstNames = FirstNames {
    male: &[
        "João",
        "José",
        "António",
        "Manuel",
        "Francisco",
        "Joaquim",
        "Luís",
        "Carlos",
        "Pedro",
        "Paulo",
        "Rui",
        "Nuno",
        "Miguel",
        "Tiago",
        "Ricardo",
        "Duarte",
        "Afonso",
        "Tomás",
        "Rodrigo",
        "Diogo",
        "Gonçalo",
        "Martim",
    ],
    female: &[
        "Maria",
        "Ana",
        "Joana",
        "Inês",
        "Beatriz",
        "Mariana",
        "Catarina",
        "Sofia",
        "Rita",
        "Sara",
        "Leonor",
        "Matilde",
        "Carolina",
        "Teresa",
        "Helena",
        "Isabel",
        "Margarida",
        "Francisca",
        "Patrícia",
        "Cláudia",
        "Filipa",
        "Rosa",
    ],
};

static JA_FIRST: FirstNames = FirstNames {
    male: &[
        "翔太", "大輔", "拓也", "健太", "直樹", "誠", "浩", "隆", "大樹", "蓮", "悠真", "陽翔",
        "湊", "蒼", "樹", "大和", "悠人", "翔", "健一", "和也", "達也", "雄一",
    ],
    female: &[
        "陽子",
        "恵子",
        "京子",
        "幸子",
        "和子",
        "洋子",
        "裕子",
        "美穂",
        "由美",
        "真由美",
        "愛",
        "結衣",
        "美咲",
        "陽菜",
        "凛",
        "さくら",
        "葵",
        "結菜",
        "莉子",
        "芽依",
        "美優",
        "彩",
    ],
};

static ZH_CN_FIRST: FirstNames = FirstNames {
    male: &[
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "浩",
        "建华", "志强", "俊杰", "子轩", "浩然", "宇轩", "博文",
    ],
    female: &[
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "玉兰", "丹", "婷", "雪",
        "琳", "欣怡", "梓涵", "诗涵", "雨桐", "子涵", "佳怡", "思琪",
    ],
};

static ZH_TW_FIRST: FirstNames = FirstNames {
    male: &[
        "偉", "強", "志明", "家豪", "俊傑", "建華", "國強", "文傑", "嘉豪", "子軒", "浩然", "偉倫",
        "志強", "家明", "永康", "明輝", "德華", "兆基", "啟明", "振邦", "錦榮", "耀華",
    ],
    female: &[
        "美玲", "淑芬", "麗華", "秀英", "慧敏", "嘉欣", "詠詩", "芷晴", "凱琳", "佩珊", "婉婷",
        "寶儀", "美儀", "穎欣", "曉彤", "家慧", "麗珍", "玉珍", "少芬", "雅婷", "心怡", "思穎",
    ],
};

static AR_FIRST: FirstNames = FirstNames {
    male: &[
        "محمد",
        "أحمد",
        "عبدالله",
        "علي",
        "خالد",
        "عمر",
        "يوسف",
        "إبراهيم",
        "حسن",
        "حسين",
        "سعد",
        "فهد",
        "سلطان",
        "فيصل",
        "ناصر",
        "عبدالرحمن",
        "طارق",
        "ماجد",
        "سالم",
        "مصطفى",
        "كريم",
        "زياد",
    ],
    female: &[
        "فاطمة",
        "عائشة",
        "مريم",
        "نورة",
        "سارة",
        "هند",
        "ليلى",
        "زينب",
        "خديجة",
        "أمل",
        "ريم",
        "منى",
        "دانة",
        "لطيفة",
        "هيفاء",
        "رنا",
        "جميلة",
        "سلمى",
        "نور",
        "ياسمين",
        "لينا",
        "شيماء",
    ],
};

static TR_FIRST: FirstNames = FirstNames {
    male: &[
        "Mehmet",
        "Mustafa",
        "Ahmet",
        "Ali",
        "Hüseyin",
        "Hasan",
        "İbrahim",
        "İsmail",
        "Osman",
        "Yusuf",
        "Murat",
        "Ömer",
        "Ramazan",
        "Halil",
        "Süleyman",
        "Abdullah",
        "Emre",
        "Burak",
        "Can",
        "Kerem",
        "Emir",
        "Eymen",
    ],
    female: &[
        "Fatma", "Ayşe", "Emine", "Hatice", "Zeynep", "Elif", "Meryem", "Şerife", "Zehra",
        "Sultan", "Hanife", "Merve", "Özlem", "Esra", "Büşra", "Ebru", "Gül", "Selin", "Defne",
        "Ecrin", "Asel", "Yağmur",
    ],
};

static FA_FIRST: FirstNames = FirstNames {
    male: &[
        "محمد",
        "علی",
        "حسین",
        "رضا",
        "مهدی",
        "امیر",
        "حسن",
        "احمد",
        "مرتضی",
        "مصطفی",
        "سعید",
        "حمید",
        "جواد",
        "مجید",
        "فرهاد",
        "بهرام",
        "داریوش",
        "کامران",
        "آرش",
        "سینا",
        "پویا",
        "امیرحسین",
    ],
    female: &[
        "فاطمه",
        "زهرا",
        "مریم",
        "زینب",
        "معصومه",
        "سارا",
        "نرگس",
        "لیلا",
        "مینا",
        "شیرین",
        "پریسا",
        "نسرین",
        "مهسا",
        "الهام",
        "فرشته",
        "آزاده",
        "نازنین",
        "یاسمن",
        "هانیه",
        "ریحانه",
        "ستاره",
        "مهناز",
    ],
};

static EN_STREETS: Streets = Streets {
    names: &[
        "Main",
        "Oak",
        "Maple",
        "Cedar",
        "Pine",
        "Elm",
        "Park",
        "Washington",
        "Lake",
        "Hill",
        "Church",
        "High",
        "Station",
        "Victoria",
        "King",
        "Queen",
        "Mill",
        "River",
        "Bridge",
        "Market",
        "Chestnut",
        "Walnut",
    ],
    types: &[
        "Street",
        "Avenue",
        "Road",
        "Lane",
        "Drive",
        "Way",
        "Court",
        "Place",
        "Boulevard",
    ],
};

static FR_STREETS: Streets = Streets {
    names: &[
        "de la Paix",
        "Victor Hugo",
        "de la République",
        "du Général de Gaulle",
        "Jean Jaurès",
        "des Lilas",
        "Pasteur",
        "de la Gare",
        "du Moulin",
        "Saint-Honoré",
        "de la Liberté",
        "Gambetta",
        "des Écoles",
        "du Château",
        "Émile Zola",
        "de Verdun",
        "des Tilleuls",
        "Voltaire",
        "de l'Église",
        "Jules Ferry",
    ],
    types: &[
        "Rue",
        "Avenue",
        "Boulevard",
        "Place",
        "Allée",
        "Impasse",
        "Chemin",
        "Quai",
    ],
};

static DE_STREETS: Streets = Streets {
    names: &[
        "Haupt", "Bahnhof", "Schiller", "Goethe", "Linden", "Kirch", "Markt", "Schul", "Garten",
        "Berg", "Wald", "Mozart", "Rosen", "Birken", "Ahorn", "Feld", "Wiesen", "Dorf", "Mühlen",
        "Friedhof", "Park", "Buchen",
    ],
    types: &["straße", "weg", "allee", "gasse", "platz", "ring"],
};

static IT_STREETS: Streets = Streets {
    names: &[
        "Roma",
        "Garibaldi",
        "Giuseppe Verdi",
        "Dante Alighieri",
        "Mazzini",
        "Cavour",
        "Vittorio Emanuele",
        "Marconi",
        "della Repubblica",
        "XX Settembre",
        "Nazionale",
        "Milano",
        "Torino",
        "Manzoni",
        "Gramsci",
        "dei Mille",
        "Matteotti",
        "San Giovanni",
        "della Libertà",
        "Umberto I",
    ],
    types: &["Via", "Viale", "Corso", "Piazza", "Largo"],
};

static NL_STREETS: Streets = Streets {
    names: &[
        "Kerk",
        "Dorps",
        "Molen",
        "Stations",
        "School",
        "Linden",
        "Beuken",
        "Eiken",
        "Heren",
        "Keizers",
        "Prinsen",
        "Markt",
        "Wilhelmina",
        "Juliana",
        "Beatrix",
        "Oranje",
        "Nieuwe",
        "Hoog",
        "Kastanje",
        "Zuider",
    ],
    types: &["straat", "weg", "laan", "plein", "gracht", "singel", "kade"],
};

static PT_BR_STREETS: Streets = Streets {
    names: &[
        "das Flores",
        "Sete de Setembro",
        "XV de Novembro",
        "Tiradentes",
        "São João",
        "Santos Dumont",
        "Getúlio Vargas",
        "Dom Pedro II",
        "da Independência",
        "Rio Branco",
        "Marechal Deodoro",
        "Paulista",
        "Brasil",
        "das Palmeiras",
        "Amazonas",
        "Castro Alves",
        "Bahia",
        "Rui Barbosa",
        "Duque de Caxias",
        "Floriano Peixoto",
    ],
    types: &["Rua", "Avenida", "Travessa", "Alameda", "Praça"],
};

static PT_PT_STREETS: Streets = Streets {
    names: &[
        "da Liberdade",
        "Augusta",
        "do Carmo",
        "de Santa Catarina",
        "da Prata",
        "do Ouro",
        "dos Fanqueiros",
        "Garrett",
        "da República",
        "25 de Abril",
        "de Camões",
        "do Almada",
        "de São Bento",
        "Alexandre Herculano",
        "Miguel Bombarda",
        "dos Aliados",
        "da Boavista",
        "do Comércio",
        "Infante Dom Henrique",
        "de Ceuta",
    ],
    types: &["Rua", "Avenida", "Travessa", "Praça", "Largo", "Calçada"],
};

/// Japanese addresses name a district (町名) and number chōme, block and house; the "type" is empty.
static JA_STREETS: Streets = Streets {
    names: &[
        "銀座",
        "本町",
        "中央",
        "栄町",
        "緑町",
        "桜町",
        "旭町",
        "新町",
        "東町",
        "西町",
        "南町",
        "北町",
        "元町",
        "大手町",
        "丸の内",
        "日本橋",
        "青葉台",
        "梅田",
        "天神",
        "港町",
    ],
    types: &[""],
};

static ZH_CN_STREETS: Streets = Streets {
    names: &[
        "人民", "中山", "解放", "建设", "和平", "长安", "南京", "北京", "文化", "胜利", "东风",
        "新华", "青年", "朝阳", "幸福", "光明", "友谊", "黄河", "长江", "延安",
    ],
    types: &["路", "街", "大道", "东路", "西路"],
};

static ZH_TW_STREETS: Streets = Streets {
    names: &[
        "彌敦",
        "軒尼詩",
        "德輔",
        "英皇",
        "干諾",
        "告士打",
        "謝斐",
        "廣東",
        "太子",
        "窩打老",
        "金巴利",
        "麼地",
        "漆咸",
        "加連威老",
        "亞皆老",
        "荷李活",
        "皇后大",
        "登打士",
        "西洋菜",
        "花園",
    ],
    types: &["道", "街", "路"],
};

static AR_STREETS: Streets = Streets {
    names: &[
        "الملك فهد",
        "الملك عبدالعزيز",
        "الأمير سلطان",
        "العليا",
        "التحلية",
        "الجامعة",
        "النصر",
        "الاستقلال",
        "الحرية",
        "الجمهورية",
        "النيل",
        "الخليج",
        "البحر",
        "السلام",
        "الملك فيصل",
        "المدينة المنورة",
        "الثورة",
        "الرشيد",
        "الزهراء",
        "الشيخ زايد",
    ],
    types: &["شارع", "طريق"],
};

static TR_STREETS: Streets = Streets {
    names: &[
        "Atatürk",
        "Cumhuriyet",
        "İstiklal",
        "Gazi",
        "İnönü",
        "Fatih",
        "Mevlana",
        "Barbaros",
        "Bağdat",
        "Halaskargazi",
        "Kazım Karabekir",
        "Menderes",
        "Gül",
        "Lale",
        "Papatya",
        "Çınar",
        "Zafer",
        "Millet",
        "Hürriyet",
        "Yıldız",
    ],
    types: &["Caddesi", "Sokak", "Bulvarı"],
};

static FA_STREETS: Streets = Streets {
    names: &[
        "آزادی",
        "انقلاب",
        "ولیعصر",
        "فردوسی",
        "جمهوری",
        "کریمخان زند",
        "شریعتی",
        "مطهری",
        "بهشتی",
        "طالقانی",
        "حافظ",
        "سعدی",
        "امام خمینی",
        "پاسداران",
        "نیاوران",
        "ستارخان",
        "جمالزاده",
        "کارگر",
        "مولوی",
        "بهار",
    ],
    types: &["خیابان", "بلوار", "کوچه", "میدان"],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::seed::StreamKey;

    fn no_duplicates(list: &[&str]) -> bool {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).all(|w| w[0] != w[1])
    }

    #[test]
    fn every_locale_has_gendered_first_names() {
        for &locale in Locale::ALL {
            for female in [false, true] {
                let names = locale.first_names(female);
                assert!(names.len() >= 20, "{locale:?} female={female}");
                assert!(no_duplicates(names), "{locale:?} female={female}");
                // Latin-script locales fold to ASCII; the others are written in their own script.
                for name in names {
                    assert_eq!(
                        ascii_fold(name).is_some(),
                        locale.latin_script(),
                        "{locale:?} {name}"
                    );
                }
            }
            let (male, female) = (locale.first_names(false), locale.first_names(true));
            assert!(male.iter().all(|m| !female.contains(m)), "{locale:?}");
        }
    }

    #[test]
    fn every_locale_has_its_own_fake_family_names() {
        let english = Locale::En.last_names();
        assert!(!english.is_empty());
        for &locale in Locale::ALL {
            let names = locale.last_names();
            assert!(!names.is_empty(), "{locale:?}");
            if locale != Locale::En {
                // `fake` falls back to English data where a locale lacks a list; none of ours does.
                assert_ne!(names.first(), english.first(), "{locale:?}");
            }
            assert_eq!(
                names.iter().all(|n| ascii_fold(n).is_some()),
                locale.latin_script(),
                "{locale:?}"
            );
        }
    }

    #[test]
    fn family_name_order() {
        let first: Vec<Locale> = Locale::ALL
            .iter()
            .copied()
            .filter(|l| l.family_name_first())
            .collect();
        assert_eq!(first, [Locale::JaJp, Locale::ZhCn, Locale::ZhTw]);
    }

    #[test]
    fn streets_follow_the_locale_style_and_are_deterministic() {
        let key = StreamKey::new(7, "test.street");
        for &locale in Locale::ALL {
            let table = locale.street_table();
            assert!(
                table.names.len() >= 15 && !table.types.is_empty(),
                "{locale:?}"
            );
            for index in 0..50 {
                let street = locale.street(&mut key.rng(index));
                assert_eq!(street, locale.street(&mut key.rng(index)));
                assert!(street.chars().any(|c| c.is_ascii_digit()), "{street}");
                assert!(table.names.iter().any(|n| street.contains(n)), "{street}");
                let starts_with_number = street.starts_with(|c: char| c.is_ascii_digit());
                assert_eq!(
                    starts_with_number,
                    matches!(locale, Locale::En | Locale::FrFr),
                    "{street}"
                );
            }
        }
        let german = Locale::DeDe.street(&mut key.rng(1));
        let (name, number) = german.rsplit_once(' ').unwrap_or_default();
        assert!(
            DE_STREETS.types.iter().any(|t| name.ends_with(t)),
            "{german}"
        );
        assert!(number.parse::<u32>().is_ok(), "{german}");
        assert!(Locale::JaJp.street(&mut key.rng(2)).contains("丁目"));
    }

    #[test]
    fn ascii_fold_vectors() {
        for (input, expected) in [
            ("José", "Jose"),
            ("Müller", "Muller"),
            ("Straße", "Strasse"),
            ("Søren", "Soren"),
            ("Ærø", "Aero"),
            ("Łódź", "Lodz"),
            ("İbrahim", "Ibrahim"),
            ("Yıldız", "Yildiz"),
            ("Şerife", "Serife"),
            ("Gonçalo", "Goncalo"),
            ("Œuvre", "Oeuvre"),
            ("Þór", "Thor"),
            ("Jean-Luc O'Neil", "Jean-Luc O'Neil"),
            ("D’Angelo", "D'Angelo"),
            ("Timișoara", "Timisoara"),
            ("Jose\u{301}", "Jose"),
        ] {
            assert_eq!(ascii_fold(input).as_deref(), Some(expected), "{input}");
        }
        for input in ["佐藤", "محمد", "Иван", "Zoë 翔"] {
            assert_eq!(ascii_fold(input), None, "{input}");
        }
    }
}
