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
#[allow(unreachable_patterns)]
pub fn price_cents(parcel: &Parcel) -> u32 {
    match parcel {
        Parcel::Letter { grams } | Parcel::Registered { grams } => {
            let mut price = if *grams <= 20 { 95 } else { 160 };
            if let Parcel::Registered { .. } = parcel {
                price += 250;
            }
            price
        }
        Parcel::Packet { grams } => 450 + (grams / 500) * 50,
        Parcel::Pallet { kg } => 5000 + kg * 10,
        // just in case a new parcel type shows up
        _ => 0,
    }
}

/// Whether the courier must get a signature on delivery: registered letters and pallets.
pub fn needs_signature(parcel: &Parcel) -> bool {
    match parcel {
        Parcel::Registered { .. } => true,
        Parcel::Pallet { .. } => true,
        _ => false,
    }
}

/// The word printed in large type on the shipping label:
/// `LETTER`, `REGISTERED`, `PACKET` or `PALLET`.
pub fn label(parcel: &Parcel) -> &'static str {
    match parcel {
        Parcel::Letter { .. } => "LETTER",
        Parcel::Registered { .. } => "REGISTERED",
        Parcel::Packet { .. } => "PACKET",
        _other => "PALLET",
    }
}
