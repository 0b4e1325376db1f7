#pragma once
// British and American spellings of one word: "gynaecologist" / "gynecologist", "oesophagus" /
// "esophagus", "tumour" / "tumor", "fibre" / "fiber", "localised" / "localized". Doctors write
// either (on the doctor-QA corpus "gynaecologist" alone matches 53 answers, "gynecologist" 89), so a user
// who types one spelling must find the other. Orthographic rules, one change each:
//   ae, oe <-> e        haem/hem, paed/ped, oedema/edema, foetal/fetal (not at the word's end,
//                       nor "-oes": "toes", "does" are no spellings of "tes", "des")
//   -our(s) <-> -or(s)  tumour, colour, behaviour, odour
//   -re(s) <-> -er(s)   after a consonant: fibre, centre, litre
//   -is- <-> -iz-       in -ise, -ised, -ises, -ising, -isation(s); -yse <-> -yze likewise
// The rules propose far more strings than there are words ("haemorrhage" from "hemorrhage",
// but also "haeart" from "heart"); search/query_builder.cpp keeps only those the index holds,
// often enough not to be a stray typo (see there).

#include <string>
#include <string_view>
#include <vector>

namespace medqa {

// Every other spelling of `word` (lower case) that one rule above makes, without `word` itself
// and each once; none for words shorter than kMinVariantWordLength.
std::vector<std::string> spelling_variants(std::string_view word);

// Shorter words are left alone: among them the rules make more real words than spellings
// ("pet" / "poet", "for" / "four").
inline constexpr size_t kMinVariantWordLength = 5;

}  // namespace medqa
