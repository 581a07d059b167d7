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

/// What sending `parcel` costs, in cents.
///
/// - Letter: 95 up to 20 g, 160 above.
/// - Registered: the price of a letter of the same weight, plus 250.
/// - Packet: 450, plus 50 for every full 500 g.
/// - Pallet: 5000, plus 10 per kg.
pub fn price_cents(parcel: &Parcel) -> u32 {
    let parcel = parcel.clone();
    if let Parcel::Letter { grams } = parcel {
        letter_price(grams)
    } else if let Parcel::Registered { grams } = parcel {
        letter_price(grams) + 250
    } else if let Parcel::Packet { grams } = parcel {
        450 + grams / 500 * 50
    } else if let Parcel::Pallet { kg } = parcel {
        5000 + kg * 10
    } else {
        0
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
    matches!(parcel, Parcel::Registered { .. } | Parcel::Pallet { .. })
}

/// The word printed in large type on the shipping label:
/// `LETTER`, `REGISTERED`, `PACKET` or `PALLET`.
pub fn label(parcel: &Parcel) -> &'static str {
    if matches!(parcel, Parcel::Letter { .. }) {
        "LETTER"
    } else if matches!(parcel, Parcel::Registered { .. }) {
        "REGISTERED"
    } else if matches!(parcel, Parcel::Packet { .. }) {
        "PACKET"
    } else {
        "PALLET"
    }
}
