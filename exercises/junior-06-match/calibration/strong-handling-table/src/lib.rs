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

/// Everything the courier needs to know about one parcel.
///
/// [`handling`] is the single place that decides, per kind of parcel, how it is priced, signed for
/// and labelled. It matches every variant by name, so adding a kind of parcel to [`Parcel`] does
/// not compile until that kind has been given all three.
///
/// Prices are assumed to fit in a `u32`; the arithmetic saturates anyway, so that asking for the
/// label of an absurdly heavy parcel can never panic just because its price was computed too.
struct Handling {
    label: &'static str,
    needs_signature: bool,
    price_cents: u32,
}

fn handling(parcel: Parcel) -> Handling {
    match parcel {
        Parcel::Letter { grams } => Handling {
            label: "LETTER",
            needs_signature: false,
            price_cents: letter_cents(grams),
        },
        Parcel::Registered { grams } => Handling {
            label: "REGISTERED",
            needs_signature: true,
            price_cents: letter_cents(grams).saturating_add(250),
        },
        Parcel::Packet { grams } => Handling {
            label: "PACKET",
            needs_signature: false,
            // 50 more for every *full* 500 g: integer division rounds down.
            price_cents: (grams / 500).saturating_mul(50).saturating_add(450),
        },
        Parcel::Pallet { kg } => Handling {
            label: "PALLET",
            needs_signature: true,
            price_cents: kg.saturating_mul(10).saturating_add(5000),
        },
    }
}

/// An ordinary letter: 95 up to 20 g, 160 above.
fn letter_cents(grams: u32) -> u32 {
    if grams <= 20 {
        95
    } else {
        160
    }
}

/// What sending `parcel` costs, in cents.
///
/// - Letter: 95 up to 20 g, 160 above.
/// - Registered: the price of a letter of the same weight, plus 250.
/// - Packet: 450, plus 50 for every full 500 g.
/// - Pallet: 5000, plus 10 per kg.
pub fn price_cents(parcel: &Parcel) -> u32 {
    handling(*parcel).price_cents
}

/// Whether the courier must get a signature on delivery: registered letters and pallets.
pub fn needs_signature(parcel: &Parcel) -> bool {
    handling(*parcel).needs_signature
}

/// The word printed in large type on the shipping label:
/// `LETTER`, `REGISTERED`, `PACKET` or `PALLET`.
pub fn label(parcel: &Parcel) -> &'static str {
    handling(*parcel).label
}
