#include "core/answer_id.hpp"

namespace medqa {

std::optional<AnswerId> split_answer_id(
    std::string_view id, const std::function<bool(const std::string& thread, const std::string& answer)>& accept) {
    for (size_t slash = id.rfind('/'); slash != std::string_view::npos && slash > 0; slash = id.rfind('/', slash - 1)) {
        AnswerId split{std::string(id.substr(0, slash)), std::string(id.substr(slash + 1))};
        if (accept(split.thread, split.answer)) return split;
    }
    return std::nullopt;
}

}  // namespace medqa
