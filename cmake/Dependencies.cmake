# Every third-party dependency comes from a Debian 12 package (deploy/install-deps.sh).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
pkg_check_modules(ZMQ REQUIRED IMPORTED_TARGET libzmq)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
find_package(spdlog REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)  # the egress sender is in the fuzz build too
# jemalloc for aspirasid (broker/CMakeLists.txt); never under the sanitizers, which bring their own.
if(ASPIRASI_SANITIZE OR ASPIRASI_FUZZ)
  set(ASPIRASI_JEMALLOC OFF)
endif()
if(ASPIRASI_JEMALLOC)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()
if(NOT ASPIRASI_FUZZ)
  find_package(CLI11 REQUIRED)
  find_package(GTest REQUIRED)
endif()

# cppzmq is header-only; Debian's package config expects a ZeroMQ CMake package that
# libzmq3-dev does not ship, so wrap the header and the pkg-config libzmq ourselves.
find_path(CPPZMQ_INCLUDE_DIR zmq.hpp REQUIRED)
add_library(aspirasi_zmq INTERFACE)
add_library(aspirasi::zmq ALIAS aspirasi_zmq)
target_include_directories(aspirasi_zmq SYSTEM INTERFACE ${CPPZMQ_INCLUDE_DIR})
target_link_libraries(aspirasi_zmq INTERFACE PkgConfig::ZMQ)
