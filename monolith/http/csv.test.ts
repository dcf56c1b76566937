import { csvField, csvRow } from "./csv";

describe("csvField", () => {
  it("leaves plain values alone", () => {
    expect(csvField("Lamp")).toBe("Lamp");
    expect(csvField(1999)).toBe("1999");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
  });

  it("quotes commas, quotes, line breaks and edge spaces, doubling inner quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("one\ntwo")).toBe('"one\ntwo"');
    expect(csvField("one\r\ntwo")).toBe('"one\r\ntwo"');
    expect(csvField(" padded")).toBe('" padded"');
  });
});

describe("csvRow", () => {
  it("joins fields with commas and ends with CRLF", () => {
    expect(csvRow([1, "a,b", ""])).toBe('1,"a,b",\r\n');
  });
});
