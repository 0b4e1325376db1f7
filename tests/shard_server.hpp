#pragma once
// A xapian-tcpsrv serving one shard on 127.0.0.1, for the remote shard tests: started on a
// free port, stopped (with the processes it forked for its connections) when it goes out of
// scope, so that no test leaves a server behind.

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace medqa::test {

class ShardServer {
public:
    explicit ShardServer(const std::filesystem::path& shard) {
        // xapian-tcpsrv takes no port 0: take a free port from the kernel and try it; another
        // process may grab it in between, then try another.
        for (int attempt = 0; attempt < 5 && pid_ < 0; ++attempt) start(shard, free_port());
        if (pid_ < 0) throw std::runtime_error("xapian-tcpsrv did not start for " + shard.string());
    }
    ~ShardServer() { stop(); }
    ShardServer(const ShardServer&) = delete;
    ShardServer& operator=(const ShardServer&) = delete;

    std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(port_); }

    // Kills the server and its connections, as a machine that goes down would.
    void stop() {
        if (pid_ < 0) return;
        kill(-pid_, SIGCONT);
        kill(-pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    // A server that accepts connections but answers nothing: a hung or overloaded machine.
    void pause() { kill(-pid_, SIGSTOP); }

private:
    static unsigned free_port() {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof addr;
        bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
        close(fd);
        return ntohs(addr.sin_port);
    }

    static bool accepts(unsigned port) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        close(fd);
        return ok;
    }

    void start(const std::filesystem::path& shard, unsigned port) {
        pid_t pid = fork();
        if (pid == 0) {
            setpgid(0, 0);  // its own group: stop() kills the connection processes it forks too
            freopen("/dev/null", "w", stdout);
            const std::string port_arg = std::to_string(port);
            execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port_arg.c_str(), "--quiet",
                   shard.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        setpgid(pid, pid);  // also here: no race with the kill in stop()
        for (int i = 0; i < 100; ++i) {
            if (waitpid(pid, nullptr, WNOHANG) == pid) return;  // the port was taken, or no xapian-tcpsrv
            if (accepts(port)) {
                pid_ = pid;
                port_ = port;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        kill(-pid, SIGKILL);
        waitpid(pid, nullptr, 0);
    }

    pid_t pid_ = -1;
    unsigned port_ = 0;
};

}  // namespace medqa::test
