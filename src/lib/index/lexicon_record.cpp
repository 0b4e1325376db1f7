#include "index/lexicon_record.hpp"

#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/schema.hpp"

namespace medqa {
namespace {

using annotate::LexiconSources;

std::string encode(const LexiconSources& sources) {
    nlohmann::json user = nlohmann::json::array();
    for (const auto& file : sources.user) user.push_back({{"name", file.name}, {"hash", file.hash}});
    return nlohmann::json{{"rules", sources.rules}, {"dir", sources.dir}, {"built_in", sources.built_in}, {"user", user}}
        .dump();
}

std::optional<LexiconSources> decode(const std::string& data) {
    if (data.empty()) return std::nullopt;
    try {
        auto j = nlohmann::json::parse(data);
        LexiconSources sources{j.at("rules"), j.at("dir"), j.at("built_in"), {}};
        for (const auto& file : j.at("user")) sources.user.push_back({file.at("name"), file.at("hash")});
        return sources;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // unreadable: the general reasons will do
    }
}

// The --lexicon options as they were typed: "--lexicon a.tsv --lexicon b.tsv".
std::string options_of(const std::vector<LexiconSources::File>& files) {
    std::string text;
    for (const auto& file : files) text += (text.empty() ? "--lexicon " : " --lexicon ") + file.name;
    return text;
}

std::string user_change(const LexiconSources& before, const LexiconSources& now) {
    if (before.user.size() == now.user.size()) {
        std::string changed;
        bool same_names = true;
        for (size_t i = 0; i < now.user.size(); ++i) {
            same_names = same_names && before.user[i].name == now.user[i].name;
            if (before.user[i].hash != now.user[i].hash) changed += (changed.empty() ? "" : ", ") + now.user[i].name;
        }
        if (changed.empty()) return "";
        if (same_names) return "--lexicon " + changed + " changed since";  // edited, or another file of that name
    }
    if (before.user.empty()) return "built without --lexicon; this run has " + options_of(now.user);
    return "built with " + options_of(before.user) + "; this run has " +
           (now.user.empty() ? std::string("none") : options_of(now.user));
}

std::string describe(const LexiconSources& before, const LexiconSources& now) {
    std::vector<std::string> what;
    if (before.rules != now.rules)
        what.push_back("medqa's annotation rules changed, version " + before.rules + " then, " + now.rules + " now");
    if (before.built_in != now.built_in)
        what.push_back(before.dir == now.dir ? before.dir + " edited"
                                             : "built with the lexicons of " + before.dir + "; this run reads " + now.dir);
    if (auto user = user_change(before, now); !user.empty()) what.push_back(user);
    std::string text;
    for (const auto& w : what) text += (text.empty() ? "" : "; ") + w;
    return text;
}

}  // namespace

void record_lexicon_sources(Xapian::WritableDatabase& db, const annotate::Annotator& annotator) {
    const std::string key(schema::kLexiconSourcesKey), value = encode(annotator.sources());
    if (db.get_metadata(key) != value) db.set_metadata(key, value);
}

std::string lexicon_change(const Xapian::Database& db, const annotate::Annotator& annotator) {
    const std::string recorded = db.get_metadata(std::string(schema::kLexiconsKey));
    if (recorded.empty() || recorded == annotator.fingerprint()) return "";
    std::string what;
    if (auto before = decode(db.get_metadata(std::string(schema::kLexiconSourcesKey))))
        what = describe(*before, annotator.sources());
    return what.empty() ? "a --lexicon file added, removed or changed, data/lexicon edited, or medqa's annotation rules changed" : what;
}

}  // namespace medqa
