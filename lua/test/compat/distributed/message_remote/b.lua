require 'concurrent'

function make(to)
    concurrent.send(to, { i = 42, f = 2.5, s = 'text', b = true, t = { 'first', key = 'value' } })
    print('sent the values')
end

concurrent.spawn(make, { 'show', 'alpha@localhost' })
concurrent.init('beta@localhost')
concurrent.loop()
concurrent.shutdown()
