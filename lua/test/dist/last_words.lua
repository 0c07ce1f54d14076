-- Sends N messages of 1 KB to the process registered as 'collector' on NODE, then ends at once: the node
-- stops right after, and must still deliver every one, in order (dist_SUITE last_messages_arrive).
-- Usage: jnode --sname NAME last_words.lua NODE N
require 'concurrent'
local node, n = ...
local payload = string.rep('x', 1000)
for i = 1, tonumber(n) do concurrent.send({ 'collector', node }, erlang.tuple(i, payload)) end
