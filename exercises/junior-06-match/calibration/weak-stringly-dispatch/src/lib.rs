//! Postage for the parcels a small web shop sends.

/// Something the shop sends out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parcel {
    /// An ordinary letter.
    Letter { grams: u32 },
    /// A letter the recipient has to sign for.
    Registered { grams: u32 },
    /// A box sent by post.
    Packet { grams: u32 },
    /// Freight on a pallet.
    Pallet { kg: u32 },
}

/// The weight of a parcel (grams for letters and packets, kg for pallets).
fn weight(parcel: &Parcel) -> Option<u32> {
    match *parcel {
        Parcel::Letter { grams } | Parcel::Registered { grams } | Parcel::Packet { grams } => {
            Some(grams)
        }
        Parcel::Pallet { kg } => Some(kg),
    }
}

/// What sending `parcel` costs, in cents.
///
/// - Letter: 95 up to 20 g, 160 above.
/// - Registered: the price of a letter of the same weight, plus 250.
/// - Packet: 450, plus 50 for every full 500 g.
/// - Pallet: 5000, plus 10 per kg.
pub fn price_cents(parcel: &Parcel) -> u32 {
    let w = weight(parcel).unwrap();
    match label(parcel) {
        "LETTER" => letter_price(w),
        "REGISTERED" => letter_price(w) + 250,
        "PACKET" => 450 + w / 500 * 50,
        "PALLET" => 5000 + w * 10,
        other => unreachable!("unknown parcel type {}", other),
    }
}

fn letter_price(grams: u32) -> u32 {
    if grams <= 20 {
        95
    } else {
        160
    }
}

/// Whether the courier must get a signature on delivery: registered letters and pallets.
pub fn needs_signature(parcel: &Parcel) -> bool {
    let kind = label(parcel).to_string();
    kind == "REGISTERED" || kind == "PALLET"
}

/// The word printed in large type on the shipping label:
/// `LETTER`, `REGISTERED`, `PACKET` or `PALLET`.
pub fn label(parcel: &Parcel) -> &'static str {
    match parcel {
        Parcel::Letter { .. } => "LETTER",
        Parcel::Registered { .. } => "REGISTERED",
        Parcel::Packet { .. } => "PACKET",
        Parcel::Pallet { .. } => "PALLET",
    }
}
