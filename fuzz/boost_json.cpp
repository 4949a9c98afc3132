// Boost.JSON's implementation, compiled here with the fuzzing instrumentation
// (the distribution's libboost_json is not instrumented, so the fuzzer could
// not see which parser paths an input reaches).
#include <boost/json/src.hpp>
