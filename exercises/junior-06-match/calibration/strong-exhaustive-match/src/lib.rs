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

/// Heaviest letter sent at the light-letter rate, in grams.
const LIGHT_LETTER_MAX_GRAMS: u32 = 20;
const LIGHT_LETTER_CENTS: u32 = 95;
const HEAVY_LETTER_CENTS: u32 = 160;
/// Added to the letter price for a registered letter.
const REGISTRATION_CENTS: u32 = 250;
const PACKET_BASE_CENTS: u32 = 450;
/// A packet costs this much more for every full `PACKET_STEP_GRAMS`.
const PACKET_STEP_CENTS: u32 = 50;
const PACKET_STEP_GRAMS: u32 = 500;
const PALLET_BASE_CENTS: u32 = 5000;
const PALLET_CENTS_PER_KG: u32 = 10;

/// What sending `parcel` costs, in cents.
///
/// - Letter: 95 up to 20 g, 160 above.
/// - Registered: the price of a letter of the same weight, plus 250.
/// - Packet: 450, plus 50 for every full 500 g.
/// - Pallet: 5000, plus 10 per kg.
pub fn price_cents(parcel: &Parcel) -> u32 {
    match *parcel {
        Parcel::Letter { grams } => letter_cents(grams),
        Parcel::Registered { grams } => letter_cents(grams) + REGISTRATION_CENTS,
        Parcel::Packet { grams } => {
            PACKET_BASE_CENTS + grams / PACKET_STEP_GRAMS * PACKET_STEP_CENTS
        }
        Parcel::Pallet { kg } => PALLET_BASE_CENTS + kg * PALLET_CENTS_PER_KG,
    }
}

/// Whether the courier must get a signature on delivery: registered letters and pallets.
pub fn needs_signature(parcel: &Parcel) -> bool {
    // Every variant is listed (no `_`), so a new kind of parcel has to be decided here.
    match parcel {
        Parcel::Registered { .. } | Parcel::Pallet { .. } => true,
        Parcel::Letter { .. } | Parcel::Packet { .. } => false,
    }
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

/// The price of an ordinary letter of this weight.
fn letter_cents(grams: u32) -> u32 {
    if grams <= LIGHT_LETTER_MAX_GRAMS {
        LIGHT_LETTER_CENTS
    } else {
        HEAVY_LETTER_CENTS
    }
}
