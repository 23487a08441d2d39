# Run at build time (cmake -P): writes OUT with the current git sha ("-dirty" when the working
# tree differs from HEAD), touching it only when the sha changed so nothing rebuilds needlessly.
# SHA_OVERRIDE (the cache variable TL_BOOST_GIT_SHA) names the sha of a tree built without .git.
if(SHA_OVERRIDE)
  set(sha "${SHA_OVERRIDE}")
else()
  execute_process(COMMAND git rev-parse --short=12 HEAD WORKING_DIRECTORY "${SOURCE_DIR}"
                  OUTPUT_VARIABLE sha OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  if(failed OR NOT sha)
    set(sha "unknown")
  else()
    execute_process(COMMAND git diff --quiet HEAD -- WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE dirty
                    ERROR_QUIET)
    if(dirty)
      string(APPEND sha "-dirty")
    endif()
  endif()
endif()
set(content "#pragma once\n#define TL_BOOST_GIT_SHA \"${sha}\"\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT "${old}" STREQUAL "${content}")
  file(WRITE "${OUT}" "${content}")
endif()
