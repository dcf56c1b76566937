/** The legacy shop sells in US dollars only (its pages print `$`); its cents are this currency's minor units. */
export const SHOP_CURRENCY = "USD";
