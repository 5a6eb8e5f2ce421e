// std::thread for kam's worker pools, without the cost of all of <thread>.
#pragma once

#include <cstddef>  // defines __GLIBCXX__ under libstdc++

// kam needs std::thread (construct, join, hardware_concurrency) only. In C++20 libstdc++'s
// <thread> also brings std::jthread, <stop_token> and the semaphores and timed waits behind it;
// <bits/std_thread.h> is std::thread alone. Any other standard library gets <thread>.
#if defined(__GLIBCXX__) && __has_include(<bits/std_thread.h>)
#include <bits/std_thread.h>
#else
#include <thread>
#endif
