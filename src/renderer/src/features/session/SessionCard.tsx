import type { FormEvent, ReactNode } from 'react'
import '../console-views.css'
import './session.css'

/** The frame of the screens before the console: the brand, a title, and a form (or a plain card). */
export function SessionCard(props: {
  title: string
  titleId: string
  children: ReactNode
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void
}) {
  const content = (
    <>
      <div className="session-card__brand" aria-hidden="true">
        F
      </div>
      <h1 id={props.titleId} className="session-card__title">
        {props.title}
      </h1>
      {props.children}
    </>
  )
  return (
    <main className="session-screen">
      {props.onSubmit ? (
        <form
          className="card session-card"
          aria-labelledby={props.titleId}
          onSubmit={props.onSubmit}
          noValidate
        >
          {content}
        </form>
      ) : (
        <section className="card session-card" aria-labelledby={props.titleId}>
          {content}
        </section>
      )}
    </main>
  )
}
