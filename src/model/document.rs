//! The Document record (SPEC §7.8, `documents`, CSV child table `document_line_items`) and its value
//! sets. Built by the document generator.

use crate::core::ids::RecordId;
use crate::core::time::Timestamp;
use crate::model::common::ns;
use crate::model::record::{Decimal, FieldWriter, Fields, scale};

crate::label_enum! {
    /// Document types in the order of the §7.8 share table.
    pub enum DocumentType {
        Invoice => "invoice",
        PurchaseOrder => "purchase_order",
        BillOfLading => "bill_of_lading",
        Contract => "contract",
        CustomsDeclaration => "customs_declaration",
        CertificateOfOrigin => "certificate_of_origin",
        PackingList => "packing_list",
    }
}

impl DocumentType {
    /// The document-number prefix (SPEC §4.2).
    pub fn prefix(self) -> &'static str {
        match self {
            DocumentType::Invoice => "INV",
            DocumentType::PurchaseOrder => "PO",
            DocumentType::BillOfLading => "BOL",
            DocumentType::Contract => "CTR",
            DocumentType::CustomsDeclaration => "CUS",
            DocumentType::CertificateOfOrigin => "COO",
            DocumentType::PackingList => "PKL",
        }
    }

    /// Shipping documents accompany a goods invoice's shipment.
    pub fn is_shipping(self) -> bool {
        matches!(
            self,
            DocumentType::BillOfLading
                | DocumentType::CustomsDeclaration
                | DocumentType::CertificateOfOrigin
                | DocumentType::PackingList
        )
    }
}

crate::label_enum! {
    pub enum PaymentTerms {
        Net30 => "net_30",
        Net60 => "net_60",
        Net90 => "net_90",
        Cod => "cod",
        AdvancePayment => "advance_payment",
    }
}

crate::label_enum! {
    /// Incoterms 2020 rules (lower-case labels like every other enum).
    pub enum Incoterms {
        Exw => "exw",
        Fca => "fca",
        Fob => "fob",
        Cfr => "cfr",
        Cif => "cif",
        Dap => "dap",
        Ddp => "ddp",
    }
}

crate::label_enum! {
    pub enum ShippingMethod {
        Sea => "sea",
        Air => "air",
        Rail => "rail",
        Road => "road",
        Courier => "courier",
    }
}

/// One line of a document. Money in minor units of the document currency; amount = quantity × unit_price.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineItem {
    pub line_no: i64,
    pub description: &'static str,
    /// Category label of the goods or services table (its market price drives the TBML rules).
    pub category: &'static str,
    pub quantity: i64,
    pub unit: &'static str,
    pub unit_price: Decimal,
    pub amount: Decimal,
}

impl Fields for LineItem {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.int("line_no", Some(self.line_no));
        w.str("description", Some(self.description));
        w.str("category", Some(self.category));
        w.int("quantity", Some(self.quantity));
        w.str("unit", Some(self.unit));
        w.decimal_in("unit_price", Some(self.unit_price), scale::MONEY);
        w.decimal_in("amount", Some(self.amount), scale::MONEY);
    }
}

/// One trade document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub id: RecordId,
    pub document_type: DocumentType,
    pub document_number: String,
    pub issuer_id: RecordId,
    pub recipient_id: RecordId,
    pub issue_date: Timestamp,
    pub currency: &'static str,
    pub total_amount: Decimal,
    pub line_items: Vec<LineItem>,
    pub shipment_id: Option<String>,
    pub payment_terms: PaymentTerms,
    pub incoterms: Option<Incoterms>,
    pub shipping_method: Option<ShippingMethod>,
    pub origin_country: Option<&'static str>,
    pub destination_country: Option<&'static str>,
    pub tbml_indicators: Vec<&'static str>,
    pub authenticity_score: Decimal,
    pub risk_score: Decimal,
    pub flagged_for_review: bool,
    pub pattern_id: Option<RecordId>,
    /// Random tie key for ordering equal timestamps (not written).
    pub tie: u64,
}

impl Fields for Document {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::DOC);
        w.label("document_type", Some(self.document_type));
        w.str("document_number", Some(&self.document_number));
        w.id_in("issuer_id", Some(self.issuer_id), ns::ORG);
        w.id_in("recipient_id", Some(self.recipient_id), ns::ORG);
        w.timestamp("issue_date", Some(self.issue_date));
        w.str("currency", Some(self.currency));
        w.decimal_in("total_amount", Some(self.total_amount), scale::MONEY);
        w.objects("line_items", &self.line_items);
        w.str("shipment_id", self.shipment_id.as_deref());
        w.label("payment_terms", Some(self.payment_terms));
        w.label("incoterms", self.incoterms);
        w.label("shipping_method", self.shipping_method);
        w.str("origin_country", self.origin_country);
        w.str("destination_country", self.destination_country);
        w.labels("tbml_indicators", &self.tbml_indicators);
        w.decimal_in(
            "authenticity_score",
            Some(self.authenticity_score),
            scale::SCORE,
        );
        w.decimal_in("risk_score", Some(self.risk_score), scale::SCORE);
        w.bool("flagged_for_review", self.flagged_for_review);
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
    }
}

crate::event_record!(Document, "documents", "document", issue_date);
