# Warnings as an INTERFACE target, linked PRIVATE by every target of ours.
add_library(aspirasi_warnings INTERFACE)
add_library(aspirasi::warnings ALIAS aspirasi_warnings)
target_compile_options(aspirasi_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(ASPIRASI_WERROR)
  target_compile_options(aspirasi_warnings INTERFACE -Werror)
endif()
# GCC 12 at -O2/-O3 reports -Wrestrict on ordinary std::string concatenation (GCC bug 105651,
# fixed in GCC 13); with -Werror that breaks release builds of correct code.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(aspirasi_warnings INTERFACE -Wno-restrict)
endif()
