import type * as ReactApi from '../../src/index'

/**
 * A page that uses every hook of the package, from whichever copy of the package is given
 * (the sources, or the built files), for the server-rendering tests.
 */
export function EveryHook({ api }: { api: typeof ReactApi }) {
  const stream = api.useChatStream({ id: 'story', resumeJobId: 'job_abc' })
  const local = api.useChatStream()
  const chat = api.useChat({ id: 'support', persist: true })
  const plain = api.useChat({ initialMessages: [{ role: 'assistant', content: 'Hello there' }] })
  const job = api.useJob('job_abc')
  const image = api.useGenerateImage()
  const legacy = api.useImage()
  const batch = api.useBatch()
  const queries = [
    api.useWorkloads(),
    api.useWorkload('llm-chat'),
    api.useAccount(),
    api.useApiKeys(),
    api.useJobs({ limit: 5 }),
  ]
  const mutations = [
    api.useCreateJob(),
    api.useCancelJob(),
    api.useCreateApiKey(),
    api.useDeleteApiKey(),
  ]
  const { client } = api.useArchipelag()
  return (
    <main>
      <p>{`stream ${stream.status} ${local.status}`}</p>
      <p>{`chat ${chat.status} ${chat.messages.length}`}</p>
      {plain.messages.map((m) => (
        <p key={m.id}>{m.content}</p>
      ))}
      <p>{`job ${job.status}`}</p>
      <p>{`image ${image.status} ${legacy.progress}`}</p>
      <p>{`batch ${batch.status}`}</p>
      <p>{`queries ${queries.map((q) => q.status).join(',')}`}</p>
      <p>{`mutations ${mutations.map((m) => m.status).join(',')}`}</p>
      <p>{`client ${client ? 'yes' : 'no'}`}</p>
    </main>
  )
}
