/** Vocabulary the seeder combines into believable category, product and customer names. */
export const CATEGORY_WORDS = [
  "Garden", "Kitchen", "Tools", "Lighting", "Outdoor", "Office", "Bathroom", "Storage", "Textiles", "Paint",
  "Electrical", "Plumbing", "Flooring", "Hardware", "Decor", "Cleaning", "Kids", "Pets", "Sports", "Travel",
] as const;

export const ADJECTIVES = [
  "Compact", "Sturdy", "Classic", "Modern", "Deluxe", "Portable", "Rustic", "Slim", "Heavy-duty", "Eco",
  "Premium", "Basic", "Folding", "Cordless", "Vintage", "Smart", "Quiet", "Bright", "Soft", "Tall",
] as const;

export const NOUNS = [
  "Lamp", "Chair", "Kettle", "Drill", "Shelf", "Basket", "Hose", "Rug", "Mirror", "Clock",
  "Toolbox", "Bench", "Planter", "Cushion", "Ladder", "Fan", "Mug", "Bucket", "Hammer", "Table",
] as const;

export const MATERIALS = ["oak", "steel", "bamboo", "ceramic", "cotton", "glass", "recycled plastic", "wool", "brass", "pine"] as const;

export const FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi", "Liam", "Mira", "Noah", "Olga", "Pavel"] as const;

export const LAST_NAMES = ["Andersen", "Brown", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura"] as const;
