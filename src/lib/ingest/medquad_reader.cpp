#include "ingest/medquad_reader.hpp"

#include <algorithm>
#include <filesystem>

#include <pugixml.hpp>

#include "core/text.hpp"

namespace medqa::ingest {
namespace {

// The element and attribute names of a MedQuAD file. Nearly all files are <Document>s; the
// published corpus also holds files of two older layouts with the same content under other
// names: <doc docid corpus url> with <doctitle-focus> and <qaPairs><pair><question><answer>
// (6_NINDS_QA/0000007.xml and three more), and <DiseaseFile fid source url> with <QAPairs>
// (9_CDC_QA/0000397.xml).
struct Layout {
    const char *root, *source, *focus, *pairs, *pair, *question, *answer;
};
constexpr Layout kLayouts[] = {
    {"Document", "source", "Focus", "QAPairs", "QAPair", "Question", "Answer"},
    {"DiseaseFile", "source", "Focus", "QAPairs", "QAPair", "Question", "Answer"},
    {"doc", "corpus", "doctitle-focus", "qaPairs", "pair", "question", "answer"},
};

// A parse error as FILE:LINE, as every other input error is, with the column in the reason.
// pugixml stops at the last byte of a file cut short, whatever it was reading (an open
// element, a tag, an attribute, a comment): that is said as the end of the file.
Problem xml_problem(std::string_view content, const std::string& path, const pugi::xml_parse_result& parsed) {
    const size_t offset = std::min(static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)), content.size());
    const std::string_view before = content.substr(0, offset);
    const size_t line = static_cast<size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
    const size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    std::string reason = "not well-formed XML: ";
    if (parsed.status != pugi::status_no_document_element && !content.empty() && offset + 1 >= content.size())
        reason += parsed.status == pugi::status_end_element_mismatch
                      ? std::string("unexpected end of file, an element is not closed")
                      : "unexpected end of file (" + text::lower(parsed.description()) + ")";
    else
        reason += std::string(parsed.description()) + " at column " + std::to_string(offset - line_start + 1);
    return {path + ":" + std::to_string(line), std::move(reason)};
}

// The text of an element as an XML reader gives it (the DOM's textContent): every text and
// CDATA section under it, in order, inside inline elements too; comments and processing
// instructions are no text. pugixml's child_value() is only the first text child, which cut an
// answer off at its first comment, CDATA section or <b>. traverse() walks without recursion,
// so deep nesting cannot exhaust the stack.
std::string text_content(pugi::xml_node element) {
    struct Collector : pugi::xml_tree_walker {
        std::string text;
        bool for_each(pugi::xml_node& node) override {
            if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) text += node.value();
            return true;
        }
    } collector;
    if (element) element.traverse(collector);
    return text::squeeze_space(collector.text);
}

}  // namespace

void read_medquad(std::string_view content, const std::string& path, const ThreadSink& sink) {
    pugi::xml_document doc;
    // parse_ws_pcdata keeps the white space between two inline elements ("<b>one</b> <i>two</i>"),
    // which pugixml drops by default: without it their words would run together.
    pugi::xml_parse_result parsed =
        doc.load_buffer(content.data(), content.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!parsed) {
        sink.on_problem(xml_problem(content, path, parsed));
        return;
    }
    const Layout* layout = nullptr;
    pugi::xml_node document;
    for (const auto& l : kLayouts)
        if ((document = doc.child(l.root)) && document.child(l.pairs)) {
            layout = &l;
            break;
        }
    if (!layout) {
        sink.on_problem({path, "XML, but not a MedQuAD document (expected <Document> with <QAPairs>)"});
        return;
    }
    std::vector<std::string> tags;
    if (std::string focus = text_content(document.child(layout->focus)); !focus.empty())
        tags.push_back(focus);
    for (auto synonym : document.child("Synonyms").children("Synonym"))
        if (std::string s = text_content(synonym); !s.empty()) tags.push_back(s);
    const std::string source = document.attribute(layout->source).value();

    const std::string file_stem = std::filesystem::path(path).stem().string();
    size_t number = 0;
    for (auto pair : document.child(layout->pairs).children(layout->pair)) {
        ++number;
        std::string where = path + ": QAPair " + std::to_string(number);
        pugi::xml_node question = pair.child(layout->question);
        Thread t;
        // qids repeat across folders, and a few files repeat another file's document id: the
        // source, the file name and the pair number together are unique.
        std::string pid = pair.attribute("pid").value();
        if (pid.empty()) pid = std::to_string(number);
        t.id = source + "/" + file_stem + "-" + pid;
        t.title = text_content(question);
        t.question = t.title;
        t.url = document.attribute("url").value();
        t.source = source;
        t.origin = where;
        t.tags = tags;
        if (std::string qtype = question.attribute("qtype").value(); !qtype.empty()) t.tags.push_back(qtype);
        std::string answer = text_content(pair.child(layout->answer));
        if (answer.empty()) {
            sink.on_skipped({where, "no answer text"});
            continue;
        }
        if (t.title.empty()) {
            sink.on_problem({where, "a QAPair needs a <Question> with text"});
            continue;
        }
        t.answers.push_back({"1", t.source, std::move(answer), ""});
        sink.on_thread(std::move(t));
    }
}

}  // namespace medqa::ingest
